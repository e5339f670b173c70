using System.Net;
using System.Text;
using System.Text.Json;
using Gateway.Contracts.Departments;
using Gateway.Contracts.Soap;
using Gateway.Contracts.Status;
using Gateway.Host.Demo;
using Gateway.Simulators.Common;
using Gateway.Simulators.Soap;
using Gateway.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Xunit;
using Xunit.Abstractions;

namespace Gateway.Tests.Fuzz;

/// <summary>
/// 1000 generated bad inputs at each door (intake JSON, the SOAP report endpoint, portal forms): never a server error, never a
/// crash, and nothing changed by an input that was refused.
/// </summary>
public class BadInputFuzzing(ITestOutputHelper output) : OnEmbeddedGateway
{
    const int Inputs = 1000;

    [Fact]
    public async Task Should_answer_every_generated_intake_document_without_a_server_error_and_store_only_what_it_accepted()
    {
        var valid = JsonSerializer.Serialize(DemoApplication.Create("fuzz-base-key-0001"), TestGateway.Json);
        var inputs = Mutations.Draw(Mutations.OfJson(valid), Inputs);
        var statuses = new Dictionary<int, int>();
        var accepted = new HashSet<string>();
        foreach (var (input, i) in inputs.Select((x, i) => (x, i)))
        {
            // Each its own key where it still has one, so an accepted document is a case of its own.
            var body = input.Replace("fuzz-base-key-0001", $"fuzz-key-{i:D6}");
            var (response, text) = await Gateway.PostRawAsync("/api/applications", body);
            var status = (int)response.StatusCode;
            statuses[status] = statuses.GetValueOrDefault(status) + 1;
            Assert.True(status < 500, $"input {i} got {status}: {text}\n{Shorten(body)}");
            Assert.True(status is 202 or 400 or 409 or 413 or 415 or 422, $"input {i} got {status}");
            if (status != 202) Assert.StartsWith("application/problem+json", response.Content.Headers.ContentType?.ToString());
            else accepted.Add(JsonDocument.Parse(text).RootElement.GetProperty("caseNo").GetString()!);
        }
        output.WriteLine("statuses: " + string.Join(", ", statuses.OrderBy(s => s.Key).Select(s => $"{s.Key}×{s.Value}")));
        await using var db = Gateway.Db();
        Assert.Equal(accepted.Order(), (await db.Applications.Select(a => a.CaseNo).ToListAsync()).Order());
        Assert.True(statuses.Keys.Count(k => k >= 400) >= 2, "the generator must produce refusals of several kinds");
        // The gateway still works.
        await Gateway.WaitForStatusAsync(await Gateway.SubmitAsync(Applications.Valid()), CaseStatuses.Completed);
    }

    [Fact]
    public async Task Should_answer_every_generated_soap_report_with_a_result_or_a_fault_and_apply_only_what_it_accepted()
    {
        Gateway.Ga.Behaviour = new SimulatorBehaviour { Silent = true };
        var caseNo = await Gateway.SubmitAsync(JsonSerializer.SerializeToNode(DemoApplication.BirthRegistration(Applications.NewKey()), TestGateway.Json)!);
        await Gateway.WaitForStatusAsync(caseNo, CaseStatuses.Dispatched);
        string Envelope(int i) => SoapEnvelope.Build(SoapReportSender.ToXml(new DepartmentEventReport
        {
            EventId = $"FUZZ-{i:D6}", CaseNo = caseNo, Type = DepartmentEventTypes.Received, OccurredAt = DateTime.UtcNow,
        }), UsernameToken.Create("GA", TestGateway.GaSecret).ToHeader());
        var template = Envelope(0);
        var mutations = Mutations.Draw(Mutations.OfText(template), Inputs);
        var faults = 0;
        var taken = 0;
        foreach (var (mutation, i) in mutations.Select((x, i) => (x, i)))
        {
            // A fresh token per message (the mutation is applied to the same places of a new envelope's text).
            var fresh = Envelope(i);
            var input = mutation.Length == template.Length ? fresh : mutation.Replace(template[..Math.Min(40, template.Length)], fresh[..Math.Min(40, fresh.Length)]);
            var response = await Gateway.Http.PostAsync("/soap/department-reports", new StringContent(input, Encoding.UTF8, "text/xml"));
            var text = await response.Content.ReadAsStringAsync();
            var status = (int)response.StatusCode;
            Assert.True(status is 200 or 500 or 413 or 415, $"input {i} got {status}: {text}");
            if (status == 500)
            {
                SoapEnvelope.Message parsed;
                try
                {
                    parsed = SoapEnvelope.Parse(text);   // a SOAP 1.1 Fault travels as HTTP 500: it must be one, not a crash
                }
                catch (SoapFormatException ex)
                {
                    throw new Xunit.Sdk.XunitException($"input {i}: HTTP 500 without a SOAP Fault ({ex.Message}): {Shorten(text)}\n{Shorten(input)}");
                }
                Assert.NotNull(parsed.Fault);
                faults++;
            }
            else if (status == 200) taken++;
        }
        output.WriteLine($"{faults} faults, {taken} taken of {Inputs}");
        await using var db = Gateway.Db();
        Assert.True(await db.DepartmentEvents.CountAsync() <= taken);
        Assert.True(faults > Inputs / 2);
    }

    [Fact]
    public async Task Should_answer_every_generated_portal_form_without_a_server_error_and_record_nothing_it_refused()
    {
        var caseNo = await Gateway.ManualInboxCaseAsync();
        using var portal = new PortalClient(Gateway.Url);
        await portal.SignInAsync("yb-clerk", TestGateway.YbClerkPassword);
        var page = $"/portal/cases/{caseNo}";
        string[] handlers = ["Received", "Accept", "NotAccept", "Correction", "Suspend", "Resume", "Approve", "Refuse", "Licence", "NoSuchHandler"];
        string[] fields = ["NoticeNo", "Reasons", "Items", "Method", "Remarks", "LicenceNo", "LicenceType", "ValidFrom", "ValidUntil"];
        var values = Mutations.Draw(Mutations.OfText("受理字〔2026〕1号 2026-11-23 online"), Inputs);
        var refused = 0;
        foreach (var (value, i) in values.Select((x, i) => (x, i)))
        {
            var handler = handlers[i % handlers.Length];
            var form = new Dictionary<string, string> { [fields[i % fields.Length]] = value, [fields[(i * 7 + 3) % fields.Length]] = value[..(value.Length / 2)] };
            int actionsBefore;
            await using (var db = Gateway.Db()) actionsBefore = await db.PortalActions.CountAsync();
            var (status, html) = await portal.PostFormAsync(page, $"{page}?handler={handler}", form);
            Assert.True((int)status < 500, $"form {i} ({handler}) got {(int)status}");
            if (!html.Contains("已记录", StringComparison.Ordinal))
            {
                refused++;
                await using var db = Gateway.Db();
                Assert.Equal(actionsBefore, await db.PortalActions.CountAsync());
            }
        }
        output.WriteLine($"{refused} of {Inputs} forms refused");
        Assert.True(refused > 0);
    }

    static string Shorten(string s) => s.Length > 400 ? s[..400] + "…" : s;
}

/// <summary>1000 generated result lines from a file-drop department, in 20 files: every file ends in .done or .error with its reasons, the watcher keeps going.</summary>
public class BadResultFileFuzzing(ITestOutputHelper output) : OnEmbeddedGateway
{
    [Fact]
    public async Task Should_set_aside_every_generated_bad_line_with_a_reason_and_keep_reading_files()
    {
        Gateway.Rs.Behaviour = new SimulatorBehaviour { Silent = true };
        var caseNo = await Gateway.SubmitAsync(JsonSerializer.SerializeToNode(DemoApplication.SocialSecurityCard(Applications.NewKey()), TestGateway.Json)!);
        await Gateway.WaitForStatusAsync(caseNo, CaseStatuses.Dispatched);
        var header = TestProfiles.For("RS").File!.ResultHeader;
        var valid = $"FUZZ-E1,{caseNo},02,{DateTime.UtcNow.AddHours(8).AddMinutes(-1):yyyyMMddHHmmss},受理字〔2026〕9号,,,,,,,";
        var lines = Mutations.Draw(Mutations.OfText(valid), 1000).Select(l => l.Replace("\r", " ").Replace("\n", " ")).ToList();
        var gbk = System.Text.Encoding.GetEncoding("GBK");
        Directory.CreateDirectory(Gateway.RsInbound);
        for (var f = 0; f < 20; f++)
        {
            var name = $"FUZZ-{f:D2}.csv";
            var body = header + "\r\n" + string.Join("\r\n", lines.Skip(f * 50).Take(50)) + "\r\n";
            await File.WriteAllBytesAsync(Path.Combine(Gateway.RsInbound, name), f % 2 == 0 ? gbk.GetBytes(body) : System.Text.Encoding.UTF8.GetBytes(body));
            await File.WriteAllBytesAsync(Path.Combine(Gateway.RsInbound, name + ".done"), []);
        }
        var deadline = DateTime.UtcNow.AddSeconds(60);
        string[] Handled() => Directory.GetFiles(Gateway.RsInbound, "FUZZ-*.csv", SearchOption.AllDirectories)
            .Where(p => p.Contains($"{Path.DirectorySeparatorChar}.done{Path.DirectorySeparatorChar}") || p.Contains($"{Path.DirectorySeparatorChar}.error{Path.DirectorySeparatorChar}")).ToArray();
        while (Handled().Length < 20 && DateTime.UtcNow < deadline) await Task.Delay(200);
        var handled = Handled();
        Assert.Equal(20, handled.Length);
        var errors = handled.Where(p => p.Contains($"{Path.DirectorySeparatorChar}.error{Path.DirectorySeparatorChar}")).ToList();
        Assert.All(errors, p => Assert.True(File.Exists(p + ".reason.txt"), $"{p} has no reason file"));
        output.WriteLine($"{errors.Count} of 20 files set aside with reasons, {20 - errors.Count} taken whole");
        Assert.NotEmpty(errors);

        // Still reading: a good file after the storm is taken.
        var good = $"GOOD-E1,{caseNo},01,{DateTime.UtcNow.AddHours(8).AddMinutes(-1):yyyyMMddHHmmss},,,,,,,,";
        await File.WriteAllBytesAsync(Path.Combine(Gateway.RsInbound, "GOOD.csv"), gbk.GetBytes(header + "\r\n" + good + "\r\n"));
        await File.WriteAllBytesAsync(Path.Combine(Gateway.RsInbound, "GOOD.csv.done"), []);
        for (var i = 0; i < 100 && !File.Exists(Path.Combine(Gateway.RsInbound, ".done", "GOOD.csv")); i++) await Task.Delay(100);
        Assert.True(File.Exists(Path.Combine(Gateway.RsInbound, ".done", "GOOD.csv")));
        await using var db = Gateway.Db();
        Assert.True(await db.DepartmentEvents.AnyAsync(e => e.EventId == "GOOD-E1"));
    }
}
