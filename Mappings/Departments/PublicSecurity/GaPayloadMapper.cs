using System.Xml.Linq;
using AutoMapper;

namespace Gateway.Mappings.Departments.PublicSecurity;

public sealed class GaPayloadMapper(IMapper mapper) : DepartmentPayloadMapper<GaBirthRegistrationRequest>(mapper), ISoapDialect
{
    public override string DepartmentCode => GaProfile.Department;

    public string SoapAction => GaProfile.Namespace + "/SubmitCsdjSq";

    /// <summary>Their reply: <c>&lt;CsdjSqResponse&gt;&lt;FhDm&gt;0&lt;/FhDm&gt;&lt;FhXx/&gt;&lt;SlBh/&gt;</c>; FhDm other than 0 is a refusal.</summary>
    protected override DepartmentReply ParseReply(string body)
    {
        var reply = XElement.Parse(body);
        XNamespace ns = GaProfile.Namespace;
        var code = (string?)reply.Element(ns + "FhDm");
        return new DepartmentReply(code == "0", (string?)reply.Element(ns + "SlBh"), (string?)reply.Element(ns + "FhXx"));
    }
}
