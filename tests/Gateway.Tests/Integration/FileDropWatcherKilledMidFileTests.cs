using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Gateway.Contracts.Status;
using Gateway.Host.Demo;
using Gateway.Host.Intake;
using Gateway.Host.Persistence;
using Gateway.Tests.Support;
using Gateway.Host.Operations;
using Microsoft.EntityFrameworkCore;
using Xunit;
using Xunit.Abstractions;

namespace Gateway.Tests.Integration;

/// <summary>
/// The gateway process is killed with SIGKILL while its file-drop watcher is half way through a result file, then restarted: every
/// line of the file is applied exactly once.
/// </summary>
public class FileDropWatcherKilledMidFile(ITestOutputHelper output) : IAsyncLifetime
{
    const int Cases = 100;
    string _connectionString = null!;
    string _folder = null!;
    GatewayProcess _host = null!;

    public async Task InitializeAsync()
    {
        await TestServers.RequireRabbitMqAsync();
        _connectionString = await TestServers.CreatePostgresDatabaseAsync();
        _folder = Path.Combine(Path.GetTempPath(), $"gateway-kill-filedrop-{Guid.NewGuid():N}");
        var settings = new Dictionary<string, string?>(TestServers.RabbitMqSettings($"f{Guid.NewGuid():N}"[..9] + "-"))
        {
            ["Database:Provider"] = "Postgres",
            ["ConnectionStrings:Gateway"] = _connectionString,
            ["Simulators:Embedded"] = "false",
            ["Departments:RS:OutboundFolder"] = Path.Combine(_folder, "to-department"),
            ["Departments:RS:InboundFolder"] = Path.Combine(_folder, "from-department"),
            ["FileDrop:PollMilliseconds"] = "100",
            ["Outbox:PollMilliseconds"] = "200",
            ["Logging:LogLevel:Default"] = "Warning",
        };
        _host = new GatewayProcess(settings);
        await _host.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { }
    }

    [Fact]
    public async Task Should_apply_every_line_exactly_once_after_the_watcher_is_killed_mid_file()
    {
        using var http = new HttpClient { BaseAddress = new Uri(_host.Url), Timeout = TimeSpan.FromSeconds(30) };
        http.DefaultRequestHeaders.Authorization = new("Bearer", global::Gateway.Host.Demo.DemoTokens.Platform(global::Gateway.Host.Configuration.DemoConfiguration.Build()));
        var caseNos = new List<string>();
        for (var i = 0; i < Cases; i++)
        {
            var response = await http.PostAsJsonAsync("/api/applications", DemoApplication.SocialSecurityCard(Applications.NewKey()), TestGateway.Json);
            caseNos.Add(JsonSerializer.Deserialize<IntakeEndpoints.SubmissionResponse>(await response.Content.ReadAsStringAsync(), TestGateway.Json)!.CaseNo);
        }
        await using var db = TestServers.PostgresContext(_connectionString);
        for (var i = 0; i < 300 && await db.Cases.CountAsync(c => c.CurrentState == CaseStatuses.Dispatched) < Cases; i++) await Task.Delay(100);

        // One result file with four reports per case, in the bureau's own format and encoding.
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        var at = DateTime.UtcNow.AddHours(8).AddMinutes(-1).ToString("yyyyMMddHHmmss");
        var holderId = DemoApplication.ResidentId(new DateOnly(1978, 2, 14), 817);
        var text = new StringBuilder("sjbh,sqbh,lx,sj,slbh,yy,zzbh,zzlx,cyr,cyrzjhm,yxqq,yxqz\r\n");
        foreach (var caseNo in caseNos)
        {
            text.Append($"{caseNo}-01,{caseNo},01,{at},,,,,,,,\r\n");
            text.Append($"{caseNo}-02,{caseNo},02,{at},N-{caseNo},,,,,,,\r\n");
            text.Append($"{caseNo}-04,{caseNo},04,{at},,,,,,,,\r\n");
            text.Append($"{caseNo}-06,{caseNo},06,{at},,,SBK{caseNo},社会保障卡,王建国,{holderId},20261123,20361122\r\n");
        }
        var inbound = Path.Combine(_folder, "from-department");
        Directory.CreateDirectory(inbound);
        var file = Path.Combine(inbound, "JG-BATCH-001.csv");
        await File.WriteAllBytesAsync(file, Encoding.GetEncoding("GBK").GetBytes(text.ToString()));
        await File.WriteAllBytesAsync(file + ".done", []);

        // Kill the gateway once the watcher is part way through the file.
        var taken = 0;
        for (var i = 0; i < 600 && (taken = await db.DepartmentEvents.CountAsync()) < 40; i++) await Task.Delay(10);
        _host.Kill();
        taken = await db.DepartmentEvents.CountAsync();
        output.WriteLine($"killed the gateway (SIGKILL) with {taken} of {Cases * 4} lines taken");
        Assert.InRange(taken, 1, Cases * 4 - 1); // really mid-file
        Assert.True(File.Exists(file), "the file must still be waiting in the inbound folder");
        await _host.StartAsync();

        var deadline = DateTime.UtcNow.AddSeconds(120);
        // A case can complete before the dispatch's own confirmation is recorded (the file's reports overtake it): wait for both.
        while (DateTime.UtcNow < deadline && (await db.Cases.CountAsync(c => c.CurrentState == CaseStatuses.Completed) < Cases
                                              || await db.Timeline.CountAsync() < Cases * 7))
            await Task.Delay(250);
        await Task.Delay(500);                                          // anything applied twice would show now

        output.WriteLine($"after restart: {await db.Cases.CountAsync(c => c.CurrentState == CaseStatuses.Completed)} of {Cases} cases completed");
        Assert.Equal(Cases, await db.Cases.CountAsync(c => c.CurrentState == CaseStatuses.Completed));
        Assert.Equal(Cases * 4, await db.DepartmentEvents.CountAsync());
        Assert.Equal(Cases, await db.Licences.CountAsync());
        Assert.Equal(Cases * 7, await db.Timeline.CountAsync());       // every step once
        var record = await db.ProcessedFiles.SingleAsync();
        Assert.Equal(("JG-BATCH-001.csv", "done", Cases * 4), (record.FileName, record.Outcome, record.Lines));
        Assert.True(File.Exists(Path.Combine(inbound, ".done", "JG-BATCH-001.csv")));
    }
}
