using System.Text.Json;
using System.Xml.Linq;
using Gateway.Contracts.Applications;
using Gateway.Contracts.Messages;
using Gateway.Mappings;
using Gateway.Mappings.Rendering;
using Gateway.Tests.Support;
using Xunit;

namespace Gateway.Tests.Mappings.Profiles;

public class HouseholdRegistrationProfile
{
    static readonly XNamespace Ns = "http://hjgl.ga.example.gov.cn/csdj/2016";

    static DispatchToDepartment Dispatch(string? phone = null, string childName = "王小宝") => new(Guid.NewGuid(), "4107022026112300000007",
        "4107022026112300000007-410700-GA-001-1", 1, "GA", "410700-GA-001", new DateTime(2026, 11, 23, 1, 30, 0, DateTimeKind.Utc),
        new CanonicalApplication
        {
            IdempotencyKey = "k-00000002",
            ItemCode = "410700-GA-001",
            Applicant = new Applicant { Kind = ApplicantKinds.Person, Name = "李梅", IdType = IdTypes.ResidentId, IdNumber = "11010519491231002X", Phone = phone },
            ApplyingWindow = new ApplyingWindow { RegionCode = "410702", WindowId = "W3" },
            Materials = [new SubmittedMaterial { Code = "M-GA-001-02", Name = "户口簿", Medium = Media.Paper }],
            FormData = new Dictionary<string, object?> { ["childName"] = JsonSerializer.SerializeToElement(childName) },
            Delivery = new DeliveryPreference { Method = DeliveryMethods.PickupAtApplyingWindow },
        });

    [Fact]
    public void Should_write_the_bureaus_xml_with_its_namespace_element_names_and_codes()
    {
        var mapper = TestProfiles.For("GA");
        var xml = XElement.Parse(mapper.Render(Dispatch()).Text);

        Assert.Equal(Ns + "CsdjSq", xml.Name);
        Assert.Equal("HJ-CSDJ", (string?)xml.Element(Ns + "SxDm"));
        Assert.Equal("0", (string?)xml.Element(Ns + "BzLc"));
        Assert.Equal("1", (string?)XElement.Parse(mapper.Render(Dispatch() with { CorrectionRound = 1 }).Text).Element(Ns + "BzLc"));
        Assert.Equal("01", (string?)xml.Element(Ns + "SqrZjlx"));
        Assert.Equal("20261123093000", (string?)xml.Element(Ns + "SqSj"));
        Assert.Null(xml.Element(Ns + "SqrLxdh")); // no phone: the optional element is left out, as the WSDL allows
        var material = xml.Element(Ns + "Clxx")!.Element(Ns + "Cl")!;
        Assert.Equal(("FMHKB", "Z"), ((string?)material.Element(Ns + "ClDm"), (string?)material.Element(Ns + "ClXs")));
        var field = xml.Element(Ns + "Bdxx")!.Element(Ns + "Xm")!;
        Assert.Equal(("childName", "王小宝"), ((string?)field.Attribute("Mc"), field.Value));
        Assert.Equal("http://hjgl.ga.example.gov.cn/csdj/2016/SubmitCsdjSq", mapper.SoapAction);
    }

    [Fact]
    public void Should_escape_markup_in_values_so_the_body_stays_valid_against_the_wsdl()
    {
        var xml = XElement.Parse(TestProfiles.For("GA").Render(Dispatch(childName: "<b>王</b> & \"小\" 𪚥")).Text);
        Assert.Equal("<b>王</b> & \"小\" 𪚥", xml.Element(Ns + "Bdxx")!.Element(Ns + "Xm")!.Value);
    }

    [Fact]
    public void Should_read_the_bureaus_reply()
    {
        var mapper = TestProfiles.For("GA");
        Assert.Throws<UnreadableReplyException>(() => mapper.ReadReply("not xml"));
        Assert.Equal(new DepartmentReply(true, "GA-1", "受理成功"), mapper.ReadReply(
            "<CsdjSqResponse xmlns=\"http://hjgl.ga.example.gov.cn/csdj/2016\"><FhDm>0</FhDm><FhXx>受理成功</FhXx><SlBh>GA-1</SlBh></CsdjSqResponse>"));
        Assert.False(mapper.ReadReply(
            "<CsdjSqResponse xmlns=\"http://hjgl.ga.example.gov.cn/csdj/2016\"><FhDm>2003</FhDm><FhXx>不通过</FhXx></CsdjSqResponse>").Taken);
    }
}
