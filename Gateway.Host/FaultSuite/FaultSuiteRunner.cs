using System.Data.Common;
using Gateway.Host.Benchmark;
using Gateway.Host.Operations;
using Gateway.Simulators.Common;
using Npgsql;

namespace Gateway.Host.FaultSuite;

public sealed record FaultSuiteOptions
{
    public int Cases { get; init; } = 2000;
    public int Kills { get; init; } = 5;
    /// <summary>Applications per second offered while the faults happen.</summary>
    public double Rate { get; init; } = 12;
    public bool RestartRabbitMq { get; init; } = true;
    public bool RestartPostgres { get; init; } = true;
    /// <summary>How long the department of the load's REST item (the demo's first item) stays down.</summary>
    public TimeSpan DepartmentDown { get; init; } = TimeSpan.FromMinutes(2);
    public TimeSpan Timeout { get; init; } = TimeSpan.FromMinutes(15);
    public int Seed { get; init; } = Environment.TickCount;
    public string LogFolder { get; init; } = Path.Combine(Path.GetTempPath(), "gateway-faults");
    public int PostgresPort { get; init; } = 26432;
    public int RabbitPort { get; init; } = 26672;
    public IReadOnlyList<string> HostSettings { get; init; } = [];
    /// <summary>
    /// Run on the embedded default instead (SQLite file, in-memory bus, simulators inside the host): only the kills apply, since
    /// there is no broker or database server to restart and the departments die and come back with the host.
    /// </summary>
    public bool Embedded { get; init; }
}

public sealed record FaultSuiteResult(int UnexpectedExits, int RestartsAsked, int Submitted, int SubmitErrors, int Cases, int Terminal, int Lost, int CasesWithTwoLicences, int Licences,
    long FeedEntries, long FeedGaps, long FeedRepeatedEntryIds, long FeedUnnumbered, int FailedMessagesOpen, int ApplicationsWithoutCase,
    int? PlatformRepeats, IReadOnlyList<string> Events, TimeSpan Elapsed, IReadOnlyList<string> NotEnded)
{
    public bool Passed => UnexpectedExits == 0 && Lost == 0 && CasesWithTwoLicences == 0 && FeedGaps == 0 && FeedRepeatedEntryIds == 0 && SubmitErrors == 0 && ApplicationsWithoutCase == 0;
}

/// <summary>
/// The fault suite: a gateway host process on a private PostgreSQL + RabbitMQ, cases of all four protocols offered at a steady rate,
/// and meanwhile: the host killed with SIGKILL at random points and restarted, RabbitMQ restarted, PostgreSQL restarted, and the REST
/// department down for a while. Afterwards it counts from the database what was lost (an accepted application whose case did
/// not end), what was duplicated (a case with two licences), and the numbered feed's gaps and repeats. With
/// <see cref="FaultSuiteOptions.Embedded"/> the host runs on the embedded default and only the kills apply.
/// </summary>
public sealed class FaultSuiteRunner(FaultSuiteOptions options, Action<string> say)
{
    public async Task<FaultSuiteResult> RunAsync(ProgressDisplay? progress, CancellationToken ct)
    {
        var started = DateTime.UtcNow;
        var events = new List<string>();
        void Note(string what)
        {
            var line = $"{(DateTime.UtcNow - started).TotalSeconds,6:F1} s  {what}";
            lock (events) events.Add(line);
            say(line);
        }

        PrivateServers? servers = null;
        SimulatorRig? rig = null;
        using var loggers = LoggerFactory.Create(l => l.AddSimpleConsole().SetMinimumLevel(LogLevel.Error));
        var work = Path.Combine(Path.GetTempPath(), $"gateway-faults-{Guid.NewGuid():N}");
        Directory.CreateDirectory(work);
        Dictionary<string, string?> settings;
        Func<DbDataSource> database;
        if (options.Embedded)
        {
            Note($"embedded default: SQLite file, in-memory bus and simulators in the host ({work})");
            settings = EmbeddedHostSettings.For(work);
            foreach (var (k, v) in BenchCommand.HostSettingsFor(new Dictionary<string, string?>(), options.HostSettings)) settings[k] = v;
            database = () => RunLedger.Sqlite(EmbeddedHostSettings.DatabaseFile(work));
        }
        else
        {
            servers = new PrivateServers(PrivateServers.FindScript(), Path.Combine(Path.GetTempPath(), $"gateway-fault-servers-{options.PostgresPort}"),
                options.PostgresPort, options.RabbitPort);
            Note($"starting private PostgreSQL 127.0.0.1:{options.PostgresPort} and RabbitMQ 127.0.0.1:{options.RabbitPort}");
            await servers.StartAsync(ct);
            var bench = new BenchServers
            {
                PostgresAdmin = $"Host=127.0.0.1;Port={options.PostgresPort};Username=gateway;Database=postgres",
                RabbitPort = options.RabbitPort,
            };
            await bench.PrepareAsync("faults", ct);
            rig = await SimulatorRig.StartAsync(work, new SimulatorBehaviour { StepDelayMs = 20 }, loggers, ct);
            settings = BenchCommand.HostSettingsFor(bench, rig, options.HostSettings);
            database = () => NpgsqlDataSource.Create(bench.ConnectionString);
        }
        await using var rigLifetime = rig;
        // A department down for minutes: dispatches wait (growing pauses up to 30 s) rather than go to the error queue.
        settings.TryAdd("Dispatch:RetryLimit", "40");
        settings.TryAdd("Dispatch:RetryMaxSeconds", "30");
        settings.TryAdd("Outbox:PollMilliseconds", "200");
        var logs = Path.Combine(options.LogFolder, $"run-{started:yyyyMMdd-HHmmss}");
        Note($"host log: {logs}/host-1.log");
        await using var hosts = new HostGroup(1, settings, logs);
        await hosts.StartAsync();
        var host = hosts.Hosts[0];
        rig?.Connect(hosts.Urls);
        await using var db = database();

        var unexpectedExits = 0;
        var restartsAsked = 0;
        var restarting = new SemaphoreSlim(1, 1);
        // A host that dies by itself is restarted as a service manager would, and counted: the gateway must survive its faults. A host
        // that stopped itself to get a fresh broker connection (exit code HostRestarter.ExitCode) is counted apart.
        async Task WatchdogAsync()
        {
            if (host.IsRunning || !await restarting.WaitAsync(0, ct)) return;
            try
            {
                if (host.IsRunning) return;
                if (host.ExitCode == Messaging.HostRestarter.ExitCode)
                {
                    restartsAsked++;
                    Note($"host stopped itself for fresh broker connections (publishes no longer confirmed, or an endpoint left faulted); restarting it. Its reason:\n{host.LogTail(400).Split('\n').FirstOrDefault(l => l.Contains($"exit code {Messaging.HostRestarter.ExitCode}")) ?? "(not in the log tail)"}");
                }
                else
                {
                    unexpectedExits++;
                    Note($"host EXITED BY ITSELF; restarting it. Last log lines:\n{host.LogTail(15)}");
                }
                await host.StartAsync();
            }
            finally
            {
                restarting.Release();
            }
        }

        var random = new Random(options.Seed);
        var plan = LoadDriver.Plan(options.Cases, 0);
        // Faults at points of the submission: kills spread at random over 5–95 %, the department outage from 15 %, the broker at 40 %,
        // the database at 70 %.
        var killAt = Enumerable.Range(0, options.Kills).Select(_ => (int)(plan.Count * (0.05 + 0.9 * random.NextDouble()))).Order().ToList();
        Note($"{plan.Count} cases at {options.Rate}/s; kills after cases {string.Join(", ", killAt)} (seed {options.Seed})");
        var driver = new LoadDriver(hosts.Urls, 16, options.Rate);
        var load = driver.RunAsync(plan, $"faults-{started:HHmmss}", ct);

        var faults = Task.Run(async () =>
        {
            var rabbitDone = !options.RestartRabbitMq || servers is null;
            var postgresDone = !options.RestartPostgres || servers is null;
            var departmentDownAt = (int)(plan.Count * 0.15);
            // The department of the load's first (REST) item goes down: found in the catalogue, not named here.
            var catalogue = Gateway.Host.Catalogue.ServiceCatalogue.Load(DataFiles.Resolve("Data/catalogue.json"));
            var down = catalogue.Item(Gateway.Host.Demo.DemoApplication.ItemCode)!.DepartmentCode;
            var downProtocol = catalogue.Department(down)!.Protocol.ToUpperInvariant();
            // In the embedded run the departments' simulators live in the host: no outage is played on them.
            DateTime? departmentBackAt = rig is null ? DateTime.MinValue : null;
            var kills = new Queue<int>(killAt);
            while (!load.IsCompleted || kills.Count > 0 || departmentBackAt is null || DateTime.UtcNow < departmentBackAt || !rabbitDone || !postgresDone)
            {
                var n = driver.SubmittedCount;
                if (departmentBackAt is null && (n >= departmentDownAt || load.IsCompleted))
                {
                    departmentBackAt = DateTime.UtcNow + options.DepartmentDown;
                    rig!.State(down).Outage = new SimulatedOutage(departmentBackAt.Value, 503);
                    Note($"{down} ({downProtocol}) down for {options.DepartmentDown.TotalSeconds:F0} s (answers 503)");
                }
                else if (rig is not null && departmentBackAt is { } back && DateTime.UtcNow >= back.AddSeconds(-0.2) && rig.State(down).Outage is not null)
                {
                    rig.State(down).Outage = null;
                    Note($"{down} back");
                }
                if (kills.Count > 0 && (n >= kills.Peek() || load.IsCompleted))
                {
                    kills.Dequeue();
                    await restarting.WaitAsync(ct);
                    try
                    {
                        hosts.Kill(host);
                        Note($"host killed with SIGKILL after {n} submissions");
                        await Task.Delay(random.Next(500, 3000), ct);
                        await host.StartAsync();
                        Note($"host restarted (start {host.Starts})");
                    }
                    finally
                    {
                        restarting.Release();
                    }
                }
                if (!rabbitDone && (n >= plan.Count * 0.4 || load.IsCompleted))
                {
                    rabbitDone = true;
                    Note("restarting RabbitMQ");
                    await servers!.RestartRabbitMqAsync(ct);
                    Note("RabbitMQ back");
                }
                if (!postgresDone && (n >= plan.Count * 0.7 || load.IsCompleted))
                {
                    postgresDone = true;
                    Note("restarting PostgreSQL");
                    await servers!.RestartPostgresAsync(ct);
                    Note("PostgreSQL back");
                }
                hosts.Sample();
                await WatchdogAsync();
                await Task.Delay(100, ct);
            }
        }, ct);

        var until = DateTime.UtcNow + options.Timeout;
        RunLedger.Progress? last = null;
        while (DateTime.UtcNow < until)
        {
            try
            {
                last = await RunLedger.ProgressAsync(db, ct);
            }
            catch (Exception ex) when (ex is DbException or System.Net.Sockets.SocketException or TimeoutException)
            {
                // the database is restarting (or, embedded, busy)
            }
            progress?.Set(0, driver.SubmittedCount, plan.Count);
            if (last is not null)
            {
                progress?.Set(1, last.Terminal, Math.Max(last.Cases, driver.SubmittedCount));
            }
            if (faults.IsFaulted) await faults;
            if (faults.IsCompleted) await WatchdogAsync();
            if (load.IsCompleted && faults.IsCompleted && last is not null && last.Terminal >= driver.Done.Count && last.Cases >= driver.Done.Count) break;
            await Task.Delay(500, ct);
        }
        await load;
        await faults;
        Note("all submitted; counting");
        await Task.Delay(2000, ct);   // the feed sequencer numbers the last entries

        var integrity = await RunLedger.IntegrityAsync(db, ct);
        var caseNos = driver.Done.SelectMany(d => d.CaseNos).ToHashSet();
        var times = await RunLedger.CaseTimesAsync(db, ct);
        var notEnded = caseNos.Where(c => !times.TryGetValue(c, out var t) || !RunLedger.TerminalStates.Contains(t.State))
            .Select(c => times.TryGetValue(c, out var t) ? $"{c} {t.DepartmentCode} {t.State}" : $"{c} (no case)").Order().ToList();
        var lost = notEnded.Count;
        await hosts.DisposeAsync();   // the host keeps its database and journals in the work folder
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(work, true); } catch (IOException) { }
        if (servers is not null) await servers.StopAsync(CancellationToken.None);
        return new FaultSuiteResult(unexpectedExits, restartsAsked, driver.Done.Count, driver.Errors.Count, integrity.Cases, integrity.Terminal, lost, integrity.CasesWithTwoLicences,
            integrity.LicencesIssued, integrity.FeedEntries, integrity.FeedGaps, integrity.FeedRepeatedEntryIds, integrity.FeedUnnumbered,
            integrity.FailedMessagesSetAside, integrity.ApplicationsWithoutCase, rig?.Platform.Duplicates, events, DateTime.UtcNow - started, notEnded);
    }
}
