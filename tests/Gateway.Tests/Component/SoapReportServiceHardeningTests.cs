using System.Net;
using System.Text;
using System.Text.Json;
using System.Xml.Linq;
using Gateway.Contracts.Departments;
using Gateway.Contracts.Soap;
using Gateway.Contracts.Status;
using Gateway.Host.Demo;
using Gateway.Simulators.Common;
using Gateway.Simulators.Soap;
using Gateway.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Xunit;

namespace Gateway.Tests.Component;

/// <summary>
/// The SOAP report service against hostile or unusual input: a DTD is refused before any entity is expanded, the declared charset is
/// honoured (or the message refused, never silently replaced), an unknown mustUnderstand header gets a MustUnderstand fault, and
/// WS-Security failures carry the WS-Security fault codes.
/// </summary>
public class SoapReportServiceHardening : OnEmbeddedGateway
{
    static readonly XNamespace Ns = SoapNamespaces.DepartmentReports;

    static SoapReportServiceHardening() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    async Task<string> DispatchedCaseAsync()
    {
        Gateway.Ga.Behaviour = new SimulatorBehaviour { Silent = true };
        var caseNo = await Gateway.SubmitAsync(JsonSerializer.SerializeToNode(DemoApplication.BirthRegistration(Applications.NewKey()), TestGateway.Json)!);
        await Gateway.WaitForStatusAsync(caseNo, CaseStatuses.Dispatched);
        return caseNo;
    }

    static XElement Correction(string caseNo, string description) => SoapReportSender.ToXml(new DepartmentEventReport
    {
        EventId = "E-" + Guid.NewGuid().ToString("N")[..8], CaseNo = caseNo, Type = DepartmentEventTypes.CorrectionRequired, OccurredAt = DateTime.UtcNow,
        Corrections = [new ReportedCorrection { Description = description, Method = "online" }],
    });

    async Task<(HttpStatusCode Status, SoapEnvelope.Message Message)> PostAsync(byte[] body, string contentType)
    {
        using var content = new ByteArrayContent(body);
        content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        var response = await Gateway.Http.PostAsync("/soap/department-reports", content);
        return (response.StatusCode, SoapEnvelope.Parse(await response.Content.ReadAsStringAsync()));
    }

    [Fact]
    public async Task Should_refuse_an_envelope_with_a_dtd_before_expanding_any_entity()
    {
        var caseNo = await DispatchedCaseAsync();
        var envelope = SoapEnvelope.Build(Correction(caseNo, "&boom;"), UsernameToken.Create("GA", TestGateway.GaSecret).ToHeader())
            .Replace("&amp;boom;", "&boom;")
            .Replace("<?xml version=\"1.0\" encoding=\"utf-8\"?>",
                "<?xml version=\"1.0\" encoding=\"utf-8\"?><!DOCTYPE soap:Envelope [<!ENTITY boom \"EXPANDED-ENTITY\">]>");
        Assert.Contains("<!DOCTYPE", envelope);

        var (status, message) = await PostAsync(Encoding.UTF8.GetBytes(envelope), "text/xml; charset=utf-8");

        Assert.Equal(HttpStatusCode.InternalServerError, status);
        Assert.True(message.Fault!.IsSenderFault);
        Assert.Contains("DTD", message.Fault.Message);
        Assert.DoesNotContain("EXPANDED-ENTITY", message.Fault.Message + message.Fault.Detail);
        await using var db = Gateway.Db();
        Assert.Empty(await db.DepartmentEvents.ToListAsync());
    }

    [Theory]
    [InlineData("GBK")]
    [InlineData("GB18030")]
    [InlineData("utf-16")]
    public async Task Should_read_a_body_in_the_charset_its_content_type_declares(string charset)
    {
        var caseNo = await DispatchedCaseAsync();
        const string description = "出生医学证明复印件不清晰,请补正";
        var envelope = SoapEnvelope.Build(Correction(caseNo, description), UsernameToken.Create("GA", TestGateway.GaSecret).ToHeader())
            .Replace("encoding=\"utf-8\"", $"encoding=\"{charset}\"");
        var bytes = Encoding.GetEncoding(charset).GetBytes(envelope);
        Assert.NotEqual(Encoding.UTF8.GetBytes(envelope), bytes);

        var (status, message) = await PostAsync(bytes, $"text/xml; charset={charset}");

        Assert.True(status == HttpStatusCode.OK, message.Fault?.Message);
        var view = await Gateway.WaitForStatusAsync(caseNo, CaseStatuses.AwaitingCorrection);
        Assert.Equal(description, Assert.Single(view.CorrectionsRequested).Description);
    }

    [Fact]
    public async Task Should_refuse_bytes_that_are_not_the_declared_charset_instead_of_replacing_them()
    {
        var caseNo = await DispatchedCaseAsync();
        var envelope = SoapEnvelope.Build(Correction(caseNo, "出生医学证明复印件不清晰"), UsernameToken.Create("GA", TestGateway.GaSecret).ToHeader());
        var gbk = Encoding.GetEncoding("GBK").GetBytes(envelope);

        var (status, message) = await PostAsync(gbk, "text/xml; charset=utf-8");        // GBK bytes said to be UTF-8
        var (unknownStatus, unknown) = await PostAsync(gbk, "text/xml; charset=x-klingon");

        Assert.Equal(HttpStatusCode.InternalServerError, status);
        Assert.Contains("not valid utf-8", message.Fault!.Message);
        Assert.Equal(HttpStatusCode.InternalServerError, unknownStatus);
        Assert.Contains("x-klingon", unknown.Fault!.Message);
        await using var db = Gateway.Db();
        Assert.Empty(await db.DepartmentEvents.ToListAsync());
    }

    [Fact]
    public async Task Should_answer_a_header_it_does_not_understand_marked_must_understand_with_a_must_understand_fault()
    {
        var caseNo = await DispatchedCaseAsync();
        XNamespace soap = SoapNamespaces.Envelope11;
        var header = UsernameToken.Create("GA", TestGateway.GaSecret).ToHeader();
        var envelope = SoapEnvelope.Build(Correction(caseNo, "x"), header)
            .Replace("</soap:Header>", "<t:Transaction xmlns:t=\"urn:example:tx\" soap:mustUnderstand=\"1\">5</t:Transaction></soap:Header>");
        var understood = SoapEnvelope.Build(Correction(caseNo, "y"), UsernameToken.Create("GA", TestGateway.GaSecret).ToHeader())
            .Replace("<wsse:Security ", "<wsse:Security soap:mustUnderstand=\"1\" ");

        var (status, message) = await PostAsync(Encoding.UTF8.GetBytes(envelope), "text/xml; charset=utf-8");
        var (okStatus, ok) = await PostAsync(Encoding.UTF8.GetBytes(understood), "text/xml; charset=utf-8");

        Assert.Equal(HttpStatusCode.InternalServerError, status);
        Assert.Equal(soap + "MustUnderstand", message.Fault!.QualifiedCode);
        Assert.Contains("Transaction", message.Fault.Message);
        Assert.True(okStatus == HttpStatusCode.OK, ok.Fault?.Message); // wsse:Security marked mustUnderstand is understood
    }

    [Fact]
    public async Task Should_put_the_ws_security_fault_code_in_faultcode()
    {
        var caseNo = await DispatchedCaseAsync();
        XNamespace wsse = SoapNamespaces.WsSecurity;
        var (_, noToken) = await PostAsync(Encoding.UTF8.GetBytes(SoapEnvelope.Build(Correction(caseNo, "x"))), "text/xml");
        var (_, wrong) = await PostAsync(Encoding.UTF8.GetBytes(SoapEnvelope.Build(Correction(caseNo, "x"), UsernameToken.Create("GA", "guess").ToHeader())), "text/xml");
        var (_, expired) = await PostAsync(Encoding.UTF8.GetBytes(SoapEnvelope.Build(Correction(caseNo, "x"),
            UsernameToken.Create("GA", TestGateway.GaSecret, DateTime.UtcNow.AddHours(-1)).ToHeader())), "text/xml");

        Assert.Equal(wsse + "InvalidSecurity", noToken.Fault!.QualifiedCode);
        Assert.Equal(wsse + "FailedAuthentication", wrong.Fault!.QualifiedCode);
        Assert.Equal(wsse + "MessageExpired", expired.Fault!.QualifiedCode);
        Assert.All(new[] { noToken, wrong, expired }, m => Assert.True(m.Fault!.IsSenderFault));
    }

    [Fact]
    public async Task Should_name_the_configured_address_in_the_wsdl_not_the_callers_host_header()
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/soap/department-reports?wsdl");
        request.Headers.Host = "attacker.example";
        var wsdl = XDocument.Parse(await (await Gateway.Http.SendAsync(request)).Content.ReadAsStringAsync());
        XNamespace soap = "http://schemas.xmlsoap.org/wsdl/soap/";
        var location = wsdl.Descendants(soap + "address").Single().Attribute("location")!.Value;
        Assert.DoesNotContain("attacker", location);
        Assert.EndsWith("/soap/department-reports", location);
    }
}
