using System.Diagnostics;
using Gateway.Host.Operations;
using Gateway.Simulators.Common;
using Npgsql;
using Spectre.Console;

namespace Gateway.Host.Benchmark;

public sealed record BenchOptions
{
    public int Cases { get; init; } = 3000;
    public int Bundles { get; init; } = 20;
    public int Hosts { get; init; } = 1;
    public int Concurrency { get; init; } = 48;
    /// <summary>
    /// Clerks working each manual inbox at once by default (the clerk bots): sixteen serve some twenty manually worked cases a second
    /// here, so the department's staff, not the gateway, does not bound a run at the target rate.
    /// </summary>
    public const int DefaultClerks = 16;

    /// <summary>Clerks working each manual inbox at once (the clerk bots).</summary>
    public int Clerks { get; init; } = DefaultClerks;
    /// <summary>Applications per second offered (0: as fast as the hosts take them).</summary>
    public double Rate { get; init; }
    /// <summary>Single-item cases run before measuring (JIT, pools, queues), not counted.</summary>
    public int Warmup { get; init; } = 300;
    public int RawMessages { get; init; } = 20000;
    public double RawPostgresSeconds { get; init; } = 5;
    public TimeSpan Timeout { get; init; } = TimeSpan.FromMinutes(10);
    public string ReportDir { get; init; } = "bench-reports";
    public string? Postgres { get; init; }
    public string? RabbitMq { get; init; }
    /// <summary>Gateway settings passed on to every host (key=value).</summary>
    public IReadOnlyList<string> HostSettings { get; init; } = [];
}

/// <summary>
/// <c>bench</c>: measures the servers' raw limits, starts the gateway's hosts as separate processes on RabbitMQ + PostgreSQL with the
/// department simulators answering at once, submits the load from concurrent windows, and reports throughput, latency
/// percentiles, CPU and memory, and the gateway's figure as a share of the bound the raw limits imply (JSON + Markdown).
/// </summary>
public static class BenchCommand
{
    public const int TargetCasesPerSecond = 100;
    public const double TargetDispatchP99Ms = 250;
    /// <summary>CPU of the whole machine (every process) per case at steady state, in milliseconds.</summary>
    public const double TargetMachineMsPerCase = 20;
    public const double TargetPeakRssMiB = 600;

    public static async Task<int> RunAsync(BenchOptions options, CancellationToken ct)
    {
        var console = AnsiConsole.Console;
        var runId = $"bench-{DateTime.UtcNow:yyyyMMdd-HHmmss}";
        var servers = BenchServers.From(options.Postgres, options.RabbitMq);
        try
        {
            await servers.PrepareAsync("bench", ct);
        }
        catch (InvalidOperationException ex)
        {
            console.MarkupLineInterpolated($"[red]{ex.Message}[/]");
            return 2;
        }
        console.MarkupLineInterpolated($"Benchmark {runId}: database {servers.Database}, queues {servers.QueuePrefix}*, {options.Hosts} host(s)");

        var rabbit = await ProgressDisplay.RunAsync([("raw RabbitMQ publish+consume", 100)], p =>
            RawLimits.RabbitMqAsync(servers, options.RawMessages, 1024, 8, f => p.Set(0, f * 100), ct));
        console.MarkupLineInterpolated($"RabbitMQ raw: {rabbit.PerSecond:F0} msg/s");
        var postgres = await ProgressDisplay.RunAsync([("raw PostgreSQL commits", 100)], p =>
            RawLimits.PostgresAsync(servers.ConnectionString, TimeSpan.FromSeconds(options.RawPostgresSeconds), 16, f => p.Set(0, f * 100), ct));
        console.MarkupLineInterpolated($"PostgreSQL raw: {postgres.PerSecond:F0} commits/s");

        var work = Path.Combine(Path.GetTempPath(), runId);
        using var loggers = LoggerFactory.Create(l => l.AddSimpleConsole().SetMinimumLevel(LogLevel.Error));
        await using var rig = await SimulatorRig.StartAsync(work, new SimulatorBehaviour { StepDelayMs = 0 }, loggers, ct);
        var settings = HostSettingsFor(servers, rig, options.HostSettings);
        var hostEnvironment = HostGroup.BenchEnvironment();
        await using var hosts = new HostGroup(options.Hosts, settings, Path.Combine(options.ReportDir, runId + "-logs"), hostEnvironment);
        console.MarkupLine("Starting the gateway host(s)…");
        await hosts.StartAsync();
        rig.Connect(hosts.Urls, options.Clerks);
        await using var db = NpgsqlDataSource.Create(servers.ConnectionString);

        // Warm-up: every protocol and a bundle (JIT and its profile-guided tiers, connection pools, queues), not counted.
        var warm = new LoadDriver(hosts.Urls, 8);
        var warmPlan = LoadDriver.Plan(options.Warmup, 1);
        await ProgressDisplay.RunAsync([("warm-up", warmPlan.Count)], async p =>
        {
            await warm.RunAsync(warmPlan, runId + "-warm", ct);
            return await WaitAsync(db, () => warm.Done.Sum(d => d.CaseNos.Count), TimeSpan.FromMinutes(5), n => p.Set(0, n.Terminal), ct);
        });
        var warmCases = warm.Done.Sum(d => d.CaseNos.Count);

        var plan = LoadDriver.Plan(options.Cases, options.Bundles);
        var expected = warmCases + plan.Sum(k => k.IsBundle ? 7 : 1);
        var commitsBefore = await RunLedger.CommitsAsync(db, ct);
        var messagesBefore = await RunLedger.MessagesConsumedAsync(db, ct);
        var cpu = new CpuLedger(servers);
        cpu.MarkStart();
        hosts.MarkStart();
        var driver = new LoadDriver(hosts.Urls, options.Concurrency, options.Rate);
        var steady = new SteadyWindow(expected - warmCases);
        var clock = Stopwatch.StartNew();
        var startedAt = DateTime.UtcNow;
        double intakeSeconds = 0;
        var finished = await ProgressDisplay.RunAsync([("submitted", plan.Count), ("dispatched", expected), ("completed", expected)], async p =>
        {
            var load = driver.RunAsync(plan, runId, ct).ContinueWith(t =>
            {
                intakeSeconds = clock.Elapsed.TotalSeconds;
                return t;
            }, ct).Unwrap();
            return await WaitAsync(db, () => load.IsCompleted ? warmCases + driver.Done.Sum(d => d.CaseNos.Count) : expected, options.Timeout, progress =>
            {
                p.Set(0, driver.SubmittedCount);
                p.Set(1, progress.Dispatched);
                p.Set(2, progress.Terminal);
                hosts.Sample();
                steady.Observe(progress.Terminal - warmCases, () => hosts.Figures().Sum(h => h.CpuSeconds));
            }, ct, load);
        });
        var hostFigures = hosts.Figures();
        var (machineBusy, cpuSeconds) = cpu.Read(hostFigures.Sum(h => h.CpuSeconds));
        await Task.Delay(1500, ct); // statistics flush
        var commits = await RunLedger.CommitsAsync(db, ct) - commitsBefore;
        var messages = await RunLedger.MessagesConsumedAsync(db, ct) - messagesBefore;
        var times = await RunLedger.CaseTimesAsync(db, ct);
        var integrity = await RunLedger.IntegrityAsync(db, ct);

        var submitted = driver.Done.ToList();
        var lastCompletion = submitted.SelectMany(s => s.CaseNos).Select(c => times.GetValueOrDefault(c)?.Completed).Where(t => t is not null).DefaultIfEmpty(DateTime.UtcNow).Max()!.Value;
        var firstSubmission = submitted.Count == 0 ? startedAt : submitted.Min(s => s.SentAt);
        var endToEnd = Math.Max(0.001, (lastCompletion - firstSubmission).TotalSeconds);
        var singles = submitted.Where(s => !s.IsBundle).ToList();
        var allCases = submitted.SelectMany(s => s.CaseNos.Select(c => (s, Times: times.GetValueOrDefault(c)))).ToList();
        var singleCompleted = singles.Count(s => times.GetValueOrDefault(s.CaseNos[0])?.Completed is not null);
        var allCompleted = allCases.Count(c => c.Times?.Completed is not null);

        // Submission to a moment the run ledger read, over the cases that reached it.
        static Percentiles Until(IEnumerable<(LoadDriver.Submitted s, RunLedger.CaseTimes? Times)> cases, Func<RunLedger.CaseTimes, DateTime?> moment) =>
            Percentiles.Of(cases.Select(c => (c.s.SentAt, At: c.Times is null ? null : moment(c.Times))).Where(c => c.At is not null)
                .Select(c => (c.At!.Value - c.SentAt).TotalMilliseconds));
        Percentiles Dispatch(IEnumerable<(LoadDriver.Submitted s, RunLedger.CaseTimes? Times)> cases) => Until(cases, t => t.FirstDispatched);
        Percentiles Complete(IEnumerable<(LoadDriver.Submitted s, RunLedger.CaseTimes? Times)> cases) => Until(cases, t => t.Completed);
        var singleCases = allCases.Where(c => !c.s.IsBundle).ToList();
        var byKind = allCases.GroupBy(c => (c.s.Kind, c.s.Protocol))
            .Select(g => new ProtocolFigures(g.Key.Kind, g.Key.Protocol, g.Count(), Dispatch(g), Complete(g))).ToList();
        var singleRate = singleCompleted / endToEnd;
        var dispatch = Dispatch(singleCases);
        var peakRss = hostFigures.Max(h => h.PeakRssMiB);
        var steadyFigures = steady.Figures();
        var result = new BenchResult
        {
            RunId = runId, StartedAt = startedAt, Machine = $"{Environment.ProcessorCount} cores, {Environment.OSVersion}",
            HostEnvironment = string.Join(" ", hostEnvironment.Select(e => $"{e.Key}={e.Value}")),
            Hosts = options.Hosts, Concurrency = options.Concurrency, Clerks = options.Clerks, OfferedRate = options.Rate, SingleItemCases = singles.Count, Bundles = submitted.Count(s => s.IsBundle),
            BundleMemberCases = submitted.Where(s => s.IsBundle).Sum(s => s.CaseNos.Count), SubmitErrors = driver.Errors.Count,
            CasesNotCompleted = allCases.Count - allCompleted, IntakeSeconds = intakeSeconds, EndToEndSeconds = endToEnd,
            SingleItemCasesPerSecond = singleRate, CasesPerSecond = allCompleted / endToEnd, IntakePerSecond = submitted.Count / Math.Max(0.001, intakeSeconds),
            SubmitToDispatched = dispatch, SubmitToDispatchRecorded = Until(singleCases, t => t.DispatchRecorded), SubmitToCompleted = Complete(singleCases), ByKind = byKind, HostFigures = hostFigures,
            MachineCpuBusyPercent = machineBusy, Steady = steadyFigures,
            CpuByProcess = cpuSeconds.Select(c => CpuShare.Of(c.Process, c.Seconds, allCompleted, TargetCasesPerSecond)).ToList(),
            RabbitMq = rabbit, Postgres = postgres,
            BusMessagesPerCase = messages / (double)Math.Max(1, allCompleted), CommitsPerCase = commits / (double)Math.Max(1, allCompleted),
            Integrity =
            [
                $"{integrity.Cases} cases, {integrity.Terminal} ended, {integrity.NotTerminal} not ended",
                $"{integrity.LicencesIssued} licences, {integrity.CasesWithTwoLicences} cases with two or more",
                $"feed: {integrity.FeedEntries} numbered entries, {integrity.FeedGaps} gaps, {integrity.FeedRepeatedEntryIds} repeated entry ids, {integrity.FeedUnnumbered} not yet numbered",
                $"{integrity.FailedMessagesSetAside} messages set aside as failed",
                $"{driver.Errors.Count} submissions refused" + (driver.Errors.IsEmpty ? "" : $", first: {driver.Errors.First()}"),
            ],
            Targets =
            [
                new TargetCheck($"at least {TargetCasesPerSecond} single-item cases/s end to end", singleRate >= TargetCasesPerSecond, $"{singleRate:F1} cases/s"),
                new TargetCheck($"p99 submit → dispatched at most {TargetDispatchP99Ms} ms", dispatch.P99Ms <= TargetDispatchP99Ms, $"{dispatch.P99Ms:F0} ms"),
                new TargetCheck($"host peak RSS at most {TargetPeakRssMiB} MiB", peakRss <= TargetPeakRssMiB, $"{peakRss:F0} MiB"),
                new TargetCheck($"at most {TargetMachineMsPerCase} ms of CPU per case over the whole machine at steady state",
                    steadyFigures is { } sf && sf.MachineMsPerCase <= TargetMachineMsPerCase,
                    steadyFigures is { } st ? $"{st.MachineMsPerCase:F1} ms" : "the run did not reach its steady window"),
            ],
        };

        Directory.CreateDirectory(options.ReportDir);
        var stem = Path.Combine(options.ReportDir, runId);
        await File.WriteAllTextAsync(stem + ".json", BenchReport.ToJson(result), ct);
        var markdown = BenchReport.Markdown(result);
        await File.WriteAllTextAsync(stem + ".md", markdown, ct);
        Console.WriteLine();
        Console.WriteLine(markdown);
        console.MarkupLineInterpolated($"Report: {stem}.md and {stem}.json; host logs in {stem}-logs/");
        if (!finished) console.MarkupLineInterpolated($"[red]Not every case completed within {options.Timeout.TotalMinutes:F0} min.[/]");
        try { Directory.Delete(work, true); } catch (IOException) { }
        return finished && driver.Errors.IsEmpty ? 0 : 1;
    }

    public static Dictionary<string, string?> HostSettingsFor(BenchServers servers, SimulatorRig rig, IEnumerable<string> extra)
    {
        var settings = servers.HostSettings();
        foreach (var (k, v) in rig.HostSettings) settings[k] = v;
        return HostSettingsFor(settings, extra);
    }

    /// <summary>What every measured host runs with on top of <paramref name="settings"/>: no intake rate limit, quiet logs, and the extra <c>--Key=value</c> pairs.</summary>
    public static Dictionary<string, string?> HostSettingsFor(Dictionary<string, string?> settings, IEnumerable<string> extra)
    {
        settings["Intake:PerWindowPerMinute"] = "0";
        settings["Logging:LogLevel:Default"] = "Warning";
        settings["Deadlines:PollMilliseconds"] = "5000";
        foreach (var pair in extra)
        {
            var eq = pair.IndexOf('=');
            if (eq > 0) settings[pair[..eq].TrimStart('-')] = pair[(eq + 1)..];
        }
        return settings;
    }

    /// <summary>Waits until <paramref name="expected"/> cases have ended (true) or the time is up (false).</summary>
    public static async Task<bool> WaitAsync(NpgsqlDataSource db, Func<int> expected, TimeSpan timeout, Action<RunLedger.Progress>? progress, CancellationToken ct,
        Task? load = null)
    {
        var until = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < until)
        {
            var now = await RunLedger.ProgressAsync(db, ct);
            progress?.Invoke(now);
            if ((load is null || load.IsCompleted) && now.Terminal >= expected()) return true;
            await Task.Delay(250, ct);
        }
        return false;
    }
}
