using System.Diagnostics;
using System.Text.Json.Nodes;
using Gateway.Host.Demo;
using Xunit;
using Xunit.Abstractions;

namespace Gateway.Tests.Integration;

/// <summary>
/// The README's run command in its own process, four cases and the newborn bundle over every protocol: its whole log holds no
/// applicant's ID number or phone in full (they are masked), while the cases it logs are there; as plain text and as structured
/// JSON lines, which carry the trace and span ids and the case number.
/// </summary>
public class PersonalDataKeptOutOfTheLogs(ITestOutputHelper output)
{
    [Theory]
    [InlineData("simple")]
    [InlineData("json")]
    public async Task Should_log_a_full_demo_run_without_an_id_number_or_phone_in_full(string formatter)
    {
        var folder = Path.Combine(Path.GetTempPath(), $"gateway-logscan-{Guid.NewGuid():N}");
        Directory.CreateDirectory(folder);
        var info = new ProcessStartInfo("dotnet") { WorkingDirectory = AppContext.BaseDirectory, UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[]
                 {
                     Path.Combine(AppContext.BaseDirectory, "Gateway.Host.dll"), "--demo", "--exit-after-demo", "--urls", "http://127.0.0.1:0",
                     $"--ConnectionStrings:Gateway=Data Source={Path.Combine(folder, "gateway.db")}",
                     $"--Departments:RS:OutboundFolder={Path.Combine(folder, "to-rs")}", $"--Departments:RS:InboundFolder={Path.Combine(folder, "from-rs")}",
                     // The simulated departments' journals belong with this run's database, not with an earlier run's.
                     $"--Simulators:StateFolder={Path.Combine(folder, "simulators")}",
                     "--Logging:LogLevel:Default=Debug", "--Logging:LogLevel:Microsoft=Information", "--Logging:LogLevel:System=Information",
                     $"--Logging:Console:FormatterName={formatter}", $"--Observability:Traces={formatter == "json"}",
                 })
            info.ArgumentList.Add(a);
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(4));
        await process.WaitForExitAsync(timeout.Token);
        var log = await stdout + await stderr;
        output.WriteLine($"exit {process.ExitCode}, {log.Length} characters of log, {log.Split('\n').Length} lines");
        Assert.True(process.ExitCode == 0, log[^Math.Min(4000, log.Length)..]);

        string[] ids =
        [
            DemoApplication.ResidentId(new DateOnly(1990, 3, 7), 123), DemoApplication.ResidentId(new DateOnly(1994, 8, 21), 462),
            DemoApplication.ResidentId(new DateOnly(1978, 2, 14), 817), DemoApplication.ResidentId(new DateOnly(2001, 5, 9), 228),
        ];
        string[] phones = ["13800138000", "13937312345", "15837301234", "13503731234"];
        foreach (var secret in ids.Concat(phones)) Assert.DoesNotContain(secret, log);
        // Not vacuous: the cases were logged, with the ID masked.
        Assert.Contains("submitted for item 410700-SCJG-001 by applicant 4107", log);
        Assert.Contains("Bundle", log);
        if (formatter == "json") CheckStructured(log);
        try { Directory.Delete(folder, recursive: true); } catch (IOException) { }
    }

    /// <summary>Every log line is one JSON object; the lines about a case's dispatch carry its number, the trace and the span.</summary>
    void CheckStructured(string log)
    {
        var lines = log.Split('\n').Where(l => l.StartsWith('{')).Select(l => JsonNode.Parse(l)!.AsObject()).ToList();
        Assert.True(lines.Count > 20, $"{lines.Count} JSON log lines");
        Assert.All(lines, l => Assert.NotNull(l["Category"]));
        var dispatched = lines.Where(l => l["Message"]!.GetValue<string>().Contains(" delivered to ", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(dispatched);
        foreach (var line in dispatched)
        {
            var scopes = line["Scopes"]!.AsArray().OfType<JsonObject>().ToList();
            Assert.Contains(scopes, s => s["TraceId"]?.GetValue<string>() is { Length: 32 });
            Assert.Contains(scopes, s => s["SpanId"]?.GetValue<string>() is { Length: 16 });
            Assert.Contains(scopes, s => s["CaseNo"]?.GetValue<string>() is { Length: > 10 });
        }
        output.WriteLine($"{lines.Count} JSON lines, {dispatched.Count} about a delivered dispatch; first: {dispatched[0].ToJsonString()}");
    }
}
