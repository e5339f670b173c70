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

/// <summary>A legacy SOAP department (public security, 出生登记) on the same case saga: dispatch by SOAP, reports back by SOAP.</summary>
public class CaseThroughALegacySoapDepartment : OnEmbeddedGateway
{
    async Task<string> SubmitBirthRegistrationAsync() =>
        await Gateway.SubmitAsync(JsonSerializer.SerializeToNode(DemoApplication.BirthRegistration(Applications.NewKey()), TestGateway.Json)!);

    [Fact]
    public async Task Should_take_a_birth_registration_to_a_licence_over_soap_both_ways()
    {
        var caseNo = await SubmitBirthRegistrationAsync();
        var view = await Gateway.WaitForStatusAsync(caseNo, CaseStatuses.Completed);

        Assert.StartsWith("GA-", view.DepartmentReference);
        Assert.Equal(7, view.Timeline.Count);
        Assert.All(view.Timeline.Skip(3), t => Assert.Equal("department:GA", t.Source));
        var held = Gateway.Ga.Find(caseNo)!;
        Assert.Equal("HJ-CSDJ", held.ItemCode);  // the bureau's own item code, from its code table
        await using var db = Gateway.Db();
        Assert.Equal("居民户口簿(出生登记页)", (await db.Licences.SingleAsync(l => l.CaseNo == caseNo)).LicenceType);
    }

    [Fact]
    public async Task Should_mark_a_dispatch_refused_by_the_legacy_system_as_failed_without_retrying()
    {
        Gateway.Ga.Behaviour = new SimulatorBehaviour { RejectDispatches = true };
        var caseNo = await SubmitBirthRegistrationAsync();
        var view = await Gateway.WaitForStatusAsync(caseNo, CaseStatuses.DispatchFailed);
        Assert.Contains("拒绝接收", view.Reasons.Single());
        Assert.Equal(1, Gateway.Ga.DispatchCalls);
    }

    [Fact]
    public async Task Should_retry_through_server_faults_until_the_legacy_system_is_back()
    {
        Gateway.Ga.Outage = new SimulatedOutage(DateTime.UtcNow.AddSeconds(4), 503);
        var caseNo = await SubmitBirthRegistrationAsync();
        await Gateway.WaitForStatusAsync(caseNo, CaseStatuses.Completed, TimeSpan.FromSeconds(45));
        Assert.True(Gateway.Ga.DispatchCalls > 1);
        Assert.Single(Gateway.Ga.Cases);
    }

    [Fact]
    public async Task Should_publish_wsdl_that_describes_the_report_operation()
    {
        var wsdl = XDocument.Parse(await Gateway.Http.GetStringAsync("/soap/department-reports?wsdl"));
        XNamespace w = "http://schemas.xmlsoap.org/wsdl/";
        XNamespace soap = "http://schemas.xmlsoap.org/wsdl/soap/";
        Assert.Equal("ReportCaseEvent", wsdl.Descendants(w + "operation").First().Attribute("name")!.Value);
        Assert.Equal($"{Gateway.Url}/soap/department-reports", wsdl.Descendants(soap + "address").Single().Attribute("location")!.Value);
        Assert.Equal($"{SoapNamespaces.DepartmentReports}/ReportCaseEvent", wsdl.Descendants(soap + "operation").Single().Attribute("soapAction")!.Value);

        // The types compile as an XML schema, and a report as the simulator sends it is valid against them.
        XNamespace xs = "http://www.w3.org/2001/XMLSchema";
        var schemas = new System.Xml.Schema.XmlSchemaSet();
        schemas.Add(System.Xml.Schema.XmlSchema.Read(wsdl.Descendants(xs + "schema").Single().CreateReader(), null)!);
        schemas.Compile();
        var report = new XDocument(SoapReportSender.ToXml(new DepartmentEventReport
        {
            EventId = "E-1", CaseNo = "C-1", Type = DepartmentEventTypes.LicenceIssued, OccurredAt = DateTime.UtcNow,
            Licence = new ReportedLicence { LicenceNo = "L1", LicenceType = "T", HolderName = "H", HolderIdNumber = "X", ValidFrom = new DateOnly(2026, 11, 23) },
        }));
        var problems = new List<string>();
        System.Xml.Schema.Extensions.Validate(report, schemas, (_, e) => problems.Add(e.Message));
        Assert.Empty(problems);
        // The operations of the portType are the operations the endpoint answers.
        Assert.Equal(["ReportCaseEvent"], wsdl.Descendants(w + "portType").Elements(w + "operation").Select(o => o.Attribute("name")!.Value));

        var ga = Support.TestProfiles.For("GA");
        var simulatorWsdl = XDocument.Parse(SoapDepartmentSimulator.WsdlAt(ga.Profile.Soap!.Wsdl!, "http://127.0.0.1/hjgl/CsdjService"));
        var simulatorSchemas = new System.Xml.Schema.XmlSchemaSet();
        simulatorSchemas.Add(System.Xml.Schema.XmlSchema.Read(simulatorWsdl.Descendants(xs + "schema").Single().CreateReader(), null)!);
        simulatorSchemas.Compile();
        Assert.Equal("http://127.0.0.1/hjgl/CsdjService", simulatorWsdl.Descendants(soap + "address").Single().Attribute("location")!.Value);
        Assert.Equal(ga.SoapAction, simulatorWsdl.Descendants(soap + "operation").Single().Attribute("soapAction")!.Value);
    }
}

/// <summary>Bad SOAP reports: each is answered with a SOAP Fault, and nothing is stored.</summary>
public class BadSoapReports : OnEmbeddedGateway
{
    static readonly XNamespace Ns = SoapNamespaces.DepartmentReports;

    async Task<string> DispatchedCaseAsync()
    {
        Gateway.Ga.Behaviour = new SimulatorBehaviour { Silent = true };
        var caseNo = await Gateway.SubmitAsync(JsonSerializer.SerializeToNode(DemoApplication.BirthRegistration(Applications.NewKey()), TestGateway.Json)!);
        await Gateway.WaitForStatusAsync(caseNo, CaseStatuses.Dispatched);
        return caseNo;
    }

    static XElement Report(string caseNo, string eventId = "E-1") => SoapReportSender.ToXml(new DepartmentEventReport
    {
        EventId = eventId, CaseNo = caseNo, Type = DepartmentEventTypes.Received, OccurredAt = DateTime.UtcNow,
    });

    async Task<(HttpStatusCode Status, SoapEnvelope.Message Message)> PostAsync(string envelope)
    {
        var response = await Gateway.Http.PostAsync("/soap/department-reports", new StringContent(envelope, Encoding.UTF8, "text/xml"));
        return (response.StatusCode, SoapEnvelope.Parse(await response.Content.ReadAsStringAsync()));
    }

    /// <summary>
    /// zeep (Debian's python3-zeep), a standard SOAP client, imports the published WSDL: it finds the endpoint's one operation, and the
    /// request it writes from the WSDL alone, with its own WS-Security UsernameToken digest, is taken by the endpoint.
    /// </summary>
    [Fact]
    public async Task Should_take_a_report_that_a_standard_soap_client_built_from_the_published_wsdl()
    {
        const string python = "/usr/bin/python3";
        var script = Path.Combine(AppContext.BaseDirectory, "Support", "zeep_client.py");
        var caseNo = await DispatchedCaseAsync();
        var wsdlFile = Path.Combine(Path.GetTempPath(), $"department-reports-{Guid.NewGuid():N}.wsdl");
        await File.WriteAllTextAsync(wsdlFile, await Gateway.Http.GetStringAsync("/soap/department-reports?wsdl"));
        var run = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo(python)
        {
            ArgumentList = { script, wsdlFile, "GA", TestGateway.GaSecret, caseNo, "ZEEP-1" },
            RedirectStandardOutput = true, RedirectStandardError = true,
        })!;
        var output = await run.StandardOutput.ReadToEndAsync();
        var errors = await run.StandardError.ReadToEndAsync();
        await run.WaitForExitAsync();
        Assert.True(run.ExitCode == 0,
            $"zeep could not read the WSDL (exit {run.ExitCode}): {errors}. It is Debian's python3-zeep: bash scripts/test-servers.sh start installs it.");
        File.Delete(wsdlFile);

        using var result = JsonDocument.Parse(output);
        var operations = result.RootElement.GetProperty("operations");
        Assert.Equal(["ReportCaseEvent"], operations.EnumerateObject().Single().Value.EnumerateArray().Select(o => o.GetString()));
        Assert.Equal($"{SoapNamespaces.DepartmentReports}/ReportCaseEvent", result.RootElement.GetProperty("soapAction").GetString());

        var request = new HttpRequestMessage(HttpMethod.Post, "/soap/department-reports")
        {
            Content = new StringContent(result.RootElement.GetProperty("envelope").GetString()!, Encoding.UTF8, "text/xml"),
        };
        request.Headers.TryAddWithoutValidation("SOAPAction", $"\"{result.RootElement.GetProperty("soapAction").GetString()}\"");
        var response = await Gateway.Http.SendAsync(request);
        var answer = SoapEnvelope.Parse(await response.Content.ReadAsStringAsync());
        Assert.True(response.StatusCode == HttpStatusCode.OK, answer.Fault?.Message);
        Assert.Equal("accepted", (string?)answer.Body!.Element(Ns + "status"));
        var view = await Gateway.WaitForStatusAsync(caseNo, CaseStatuses.AwaitingCorrection);
        Assert.Equal("出生医学证明复印件不清晰", Assert.Single(view.CorrectionsRequested).Description);
    }

    async Task<SoapEnvelope.SoapFault> FaultAsync(string envelope)
    {
        var (status, message) = await PostAsync(envelope);
        Assert.Equal(HttpStatusCode.InternalServerError, status);
        return Assert.IsType<SoapEnvelope.SoapFault>(message.Fault);
    }

    [Fact]
    public async Task Should_accept_a_signed_report_and_answer_a_repeat_as_duplicate()
    {
        var caseNo = await DispatchedCaseAsync();
        var report = Report(caseNo);
        var (status, message) = await PostAsync(SoapEnvelope.Build(report, UsernameToken.Create("GA", TestGateway.GaSecret).ToHeader()));
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("accepted", (string?)message.Body!.Element(Ns + "status"));
        (status, message) = await PostAsync(SoapEnvelope.Build(report, UsernameToken.Create("GA", TestGateway.GaSecret).ToHeader()));
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("duplicate", (string?)message.Body!.Element(Ns + "status"));

        // The same event id with other content is a conflict, answered with a Client fault.
        var changed = Report(caseNo);
        changed.Element(Ns + "type")!.Value = DepartmentEventTypes.Accepted;
        Assert.Contains("reused", (await FaultAsync(SoapEnvelope.Build(changed, UsernameToken.Create("GA", TestGateway.GaSecret).ToHeader()))).Message);
        await Gateway.WaitForStatusAsync(caseNo, CaseStatuses.DepartmentReceived);
    }

    [Fact]
    public async Task Should_fault_on_every_kind_of_bad_message_and_store_nothing()
    {
        var caseNo = await DispatchedCaseAsync();
        var token = UsernameToken.Create("GA", TestGateway.GaSecret);
        var faults = new Dictionary<string, SoapEnvelope.SoapFault>
        {
            ["malformed XML"] = await FaultAsync("<soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\"><soap:Body><Report"),
            ["SOAP 1.2"] = await FaultAsync($"<e:Envelope xmlns:e=\"{SoapNamespaces.Envelope12}\"><e:Body/></e:Envelope>"),
            ["no token"] = await FaultAsync(SoapEnvelope.Build(Report(caseNo))),
            ["wrong password"] = await FaultAsync(SoapEnvelope.Build(Report(caseNo), UsernameToken.Create("GA", "guess").ToHeader())),
            ["other department's secret"] = await FaultAsync(SoapEnvelope.Build(Report(caseNo), UsernameToken.Create("GA", TestGateway.ScjgSecret).ToHeader())),
            ["expired token"] = await FaultAsync(SoapEnvelope.Build(Report(caseNo),
                UsernameToken.Create("GA", TestGateway.GaSecret, DateTime.UtcNow.AddMinutes(-30)).ToHeader())),
            ["wrong namespace"] = await FaultAsync(SoapEnvelope.Build(new XElement(XNamespace.Get("urn:other") + "ReportCaseEvent"),
                UsernameToken.Create("GA", TestGateway.GaSecret).ToHeader())),
            ["unknown operation"] = await FaultAsync(SoapEnvelope.Build(new XElement(Ns + "DeleteCase"), UsernameToken.Create("GA", TestGateway.GaSecret).ToHeader())),
            ["invalid report"] = await FaultAsync(SoapEnvelope.Build(new XElement(Ns + "ReportCaseEvent", new XElement(Ns + "caseNo", caseNo)),
                UsernameToken.Create("GA", TestGateway.GaSecret).ToHeader())),
            ["another department's case"] = await FaultAsync(SoapEnvelope.Build(Report("410702202611230000999"),
                UsernameToken.Create("GA", TestGateway.GaSecret).ToHeader())),
            ["oversized"] = await FaultAsync(SoapEnvelope.Build(new XElement(Ns + "ReportCaseEvent", new string('x', 1_100_000)), token.ToHeader())),
            ["10x the limit"] = await FaultAsync(SoapEnvelope.Build(new XElement(Ns + "ReportCaseEvent", new string('x', 10 * 1_048_576)),
                UsernameToken.Create("GA", TestGateway.GaSecret).ToHeader())),
        };
        // The token used for the oversized message was never accepted, so it can still be used once, and then never again.
        var (firstStatus, _) = await PostAsync(SoapEnvelope.Build(Report(caseNo, "E-replay"), token.ToHeader()));
        Assert.Equal(HttpStatusCode.OK, firstStatus);
        faults["replayed token"] = await FaultAsync(SoapEnvelope.Build(Report(caseNo, "E-replay-2"), token.ToHeader()));

        Assert.Equal("soap:VersionMismatch", faults["SOAP 1.2"].Code);
        Assert.All(faults.Where(f => f.Key != "SOAP 1.2"), f => Assert.True(f.Value.IsSenderFault, $"{f.Key}: {f.Value.Code}"));
        Assert.Contains("well-formed", faults["malformed XML"].Message);
        Assert.Contains("InvalidSecurity", faults["no token"].Message);
        Assert.Contains("FailedAuthentication", faults["wrong password"].Message);
        Assert.Contains("FailedAuthentication", faults["other department's secret"].Message);
        Assert.Contains("MessageExpired", faults["expired token"].Message);
        Assert.Contains("Unknown namespace", faults["wrong namespace"].Message);
        Assert.Contains("Unknown operation", faults["unknown operation"].Message);
        Assert.Contains("eventId", faults["invalid report"].Detail);
        Assert.Contains("larger than", faults["oversized"].Message);
        Assert.Contains("larger than", faults["10x the limit"].Message);
        Assert.Contains("replay", faults["replayed token"].Message);

        await using var db = Gateway.Db();
        Assert.Equal(["E-replay"], await db.DepartmentEvents.Select(e => e.EventId).ToListAsync());
    }
}
