using System.Text;
using System.Text.Json;
using Gateway.Contracts.Status;
using Gateway.Host.Demo;
using Gateway.Simulators.Common;
using Gateway.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Xunit;

namespace Gateway.Tests.Component;

/// <summary>A department that only exchanges files (social security, 社会保障卡申领), on the same case saga.</summary>
public class CaseThroughAFileExchangingDepartment : OnEmbeddedGateway
{
    const string Header = "sjbh,sqbh,lx,sj,slbh,yy,zzbh,zzlx,cyr,cyrzjhm,yxqq,yxqz";
    static readonly Encoding Gbk = CodePages();

    static Encoding CodePages()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        return Encoding.GetEncoding("GBK");
    }

    async Task<string> SubmitCardApplicationAsync() =>
        await Gateway.SubmitAsync(JsonSerializer.SerializeToNode(DemoApplication.SocialSecurityCard(Applications.NewKey()), TestGateway.Json)!);

    async Task<string> DispatchedSilentCaseAsync()
    {
        Gateway.Rs.Behaviour = new SimulatorBehaviour { Silent = true };
        var caseNo = await SubmitCardApplicationAsync();
        await Gateway.WaitForStatusAsync(caseNo, CaseStatuses.Dispatched);
        return caseNo;
    }

    /// <summary>A result line stamped a minute ago, in Beijing time as the bureau writes it.</summary>
    static string Line(string eventId, string caseNo, string typeCode, string notice = "") =>
        $"{eventId},{caseNo},{typeCode},{DateTime.UtcNow.AddHours(8).AddMinutes(-1):yyyyMMddHHmmss},{notice},,,,,,,";

    /// <summary>Drops a result file as the department would: content first, done-marker last.</summary>
    void Drop(string name, byte[] content, bool marker = true)
    {
        Directory.CreateDirectory(Gateway.RsInbound);
        File.WriteAllBytes(Path.Combine(Gateway.RsInbound, name), content);
        if (marker) File.WriteAllBytes(Path.Combine(Gateway.RsInbound, name + ".done"), []);
    }

    async Task<string> WaitForFileAsync(string subfolder, string name)
    {
        var path = Path.Combine(Gateway.RsInbound, subfolder, name);
        for (var i = 0; i < 100 && !File.Exists(path); i++) await Task.Delay(50);
        Assert.True(File.Exists(path), $"{name} did not reach {subfolder}; the folder holds: " +
            string.Join(", ", Directory.GetFiles(Gateway.RsInbound, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(Gateway.RsInbound, f))) +
            "; reasons: " + string.Join(" | ", Directory.GetFiles(Gateway.RsInbound, "*.reason.txt", SearchOption.AllDirectories).Select(File.ReadAllText)));
        return path;
    }

    [Fact]
    public async Task Should_end_a_case_refused_through_files_with_reasons_that_hold_commas()
    {
        Gateway.Rs.Behaviour = new SimulatorBehaviour { Outcome = SimulatorBehaviour.Outcomes.Refuse, StepDelayMs = 10 };
        var caseNo = await SubmitCardApplicationAsync();
        var view = await Gateway.WaitForStatusAsync(caseNo, CaseStatuses.Refused);
        Assert.Equal("经核查，申请材料与实际情况不符", Assert.Single(view.Reasons));
        Assert.Null(view.LicenceNo);
    }

    [Fact]
    public async Task Should_take_a_card_application_to_a_licence_through_files()
    {
        var caseNo = await SubmitCardApplicationAsync();
        var view = await Gateway.WaitForStatusAsync(caseNo, CaseStatuses.Completed);
        await Gateway.WaitForAsync(caseNo, v => v.Timeline.Count == 7);

        Assert.Equal("SBK-SL", Gateway.Rs.Find(caseNo)!.ItemCode);
        var taken = Path.Combine(Gateway.RsOutbound, ".taken");
        Assert.Contains(Directory.GetFiles(taken), f => f.EndsWith(".SFZ.bin"));       // the materials travelled as files
        Assert.Empty(Directory.GetFiles(Gateway.RsOutbound, "*.tmp", SearchOption.AllDirectories));
        await using var db = Gateway.Db();
        Assert.Equal("社会保障卡", (await db.Licences.SingleAsync(l => l.CaseNo == caseNo)).LicenceType);
        // A file is recorded as handled once its lines are taken, so the last one may be recorded a moment after the case ends.
        var handled = 0;
        for (var i = 0; i < 100 && (handled = await db.ProcessedFiles.CountAsync(f => f.Outcome == "done")) < 4; i++) await Task.Delay(50);
        Assert.Equal(4, handled);
        Assert.Equal(CompletionResultCodes.LicenceIssued, view.CompletionResult);
    }

    [Fact]
    public async Task Should_read_gbk_and_utf8_files_and_wait_for_the_done_marker()
    {
        var caseNo = await DispatchedSilentCaseAsync();
        Drop("r1.csv", Gbk.GetBytes($"{Header}\r\n{Line("E1", caseNo, "01")}\r\n"), marker: false);
        await Task.Delay(500);
        Assert.True(File.Exists(Path.Combine(Gateway.RsInbound, "r1.csv")), "a file without its marker must not be touched");
        File.WriteAllBytes(Path.Combine(Gateway.RsInbound, "r1.csv.done"), []);
        await WaitForFileAsync(".done", "r1.csv");

        Drop("r2.csv", Encoding.UTF8.GetBytes($"\uFEFF{Header}\n{Line("E2", caseNo, "02", "受理字〔2026〕8号")}\n"));
        await WaitForFileAsync(".done", "r2.csv");
        var view = await Gateway.WaitForStatusAsync(caseNo, CaseStatuses.Accepted);
        Assert.Equal("受理字〔2026〕8号", view.NoticeNo);
    }

    [Fact]
    public async Task Should_take_the_complete_lines_and_set_the_file_aside_with_the_reason_for_the_rest()
    {
        var caseNo = await DispatchedSilentCaseAsync();
        Gateway.Scjg.Behaviour = new SimulatorBehaviour { Silent = true };
        var otherCase = await Gateway.SubmitAsync(Applications.Valid());
        await Gateway.WaitForStatusAsync(otherCase, CaseStatuses.Dispatched);

        var content = $"{Header}\r\n{Line("E1", caseNo, "01")}\r\n{Line("E9", otherCase, "01")}\r\n{Line("E3", caseNo, "99")}\r\n{Line("E4", caseNo, "02")[..20]}";
        Drop("mixed.csv", Gbk.GetBytes(content));

        var moved = await WaitForFileAsync(".error", "mixed.csv");
        var reason = await File.ReadAllTextAsync(moved + ".reason.txt");
        Assert.Contains("line 3: Not your case", reason);
        Assert.Contains("line 4:", reason);          // a type code the bureau's table does not have
        Assert.Contains("line 5: the last line is not terminated", reason);
        Assert.DoesNotContain("line 2", reason);
        await Gateway.WaitForStatusAsync(caseNo, CaseStatuses.DepartmentReceived);
        Assert.Equal(CaseStatuses.Dispatched, (await Gateway.GetCaseAsync(otherCase)).Status);
    }

    [Fact]
    public async Task Should_handle_the_files_of_many_cases_at_once_and_each_case_s_files_in_the_order_written()
    {
        Gateway.Rs.Behaviour = new SimulatorBehaviour { Silent = true };
        var cases = new List<string>();
        for (var i = 0; i < 8; i++) cases.Add(await SubmitCardApplicationAsync());
        foreach (var caseNo in cases) await Gateway.WaitForStatusAsync(caseNo, CaseStatuses.Dispatched);

        // Each case's receipt, then at once its acceptance, in files written one after another (the folder is read in the order written):
        // handled all at once, a case's two files would race.
        var written = DateTime.UtcNow.AddMinutes(-5);
        var n = 0;
        foreach (var caseNo in cases)
            foreach (var (type, code) in new[] { ("r", "01"), ("a", "02") })
            {
                var name = $"many-{type}-{caseNo}.csv";
                var notice = code == "02" ? $"受理字〔2026〕{n}号" : "";
                Drop(name, Gbk.GetBytes($"{Header}\r\n{Line($"M{type}-{caseNo}", caseNo, code, notice)}\r\n"));
                File.SetLastWriteTimeUtc(Path.Combine(Gateway.RsInbound, name), written.AddSeconds(n++));
            }

        foreach (var caseNo in cases) await Gateway.WaitForStatusAsync(caseNo, CaseStatuses.Accepted);
        await using var db = Gateway.Db();
        foreach (var caseNo in cases)
        {
            var events = await db.DepartmentEvents.AsNoTracking().Where(e => e.CaseNo == caseNo).OrderBy(e => e.ReceivedAt).Select(e => e.EventId).ToListAsync();
            Assert.Equal([$"Mr-{caseNo}", $"Ma-{caseNo}"], events);
        }
        // Each file is recorded as handled once its line is taken, so the last may be recorded a moment after its case moved.
        var handled = 0;
        for (var i = 0; i < 100 && (handled = await db.ProcessedFiles.CountAsync(f => f.FileName.StartsWith("many-") && f.Outcome == "done")) < 16; i++)
            await Task.Delay(50);
        Assert.Equal(16, handled);
    }

    [Fact]
    public async Task Should_handle_a_file_once_and_tolerate_lines_already_taken_before_a_restart()
    {
        var caseNo = await DispatchedSilentCaseAsync();
        var received = Line("E1", caseNo, "01");   // the same line, to the second, wherever it is sent again
        var content = Gbk.GetBytes($"{Header}\r\n{received}\r\n");
        Drop("once.csv", content);
        await WaitForFileAsync(".done", "once.csv");

        Drop("once.csv", content); // the same file delivered again
        var reason = await WaitForFileAsync(".error", "once.csv.reason.txt");
        Assert.Contains("duplicate", await File.ReadAllTextAsync(reason));

        // A file whose first line was taken before the gateway stopped is read again whole: the taken line is a duplicate, not an error.
        Drop("resent.csv", Gbk.GetBytes($"{Header}\r\n{received}\r\n{Line("E2", caseNo, "02", "N-2")}\r\n"));
        await WaitForFileAsync(".done", "resent.csv");
        await Gateway.WaitForStatusAsync(caseNo, CaseStatuses.Accepted);
        await using var db = Gateway.Db();
        Assert.Equal(2, await db.DepartmentEvents.CountAsync(e => e.CaseNo == caseNo));
    }
}
