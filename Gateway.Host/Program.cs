using System.CommandLine;
using Gateway.Host.Demo;
using Gateway.Host.Embedded;
using Gateway.Host.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Gateway.Host;

/// <summary>
/// The gateway's command line. With no verb it runs the gateway; <c>--demo</c> also submits a demo case and shows it go end to end.
/// Any other option (<c>--urls</c>, <c>--Database:Provider=Postgres</c>, ...) is passed to the host's configuration.
/// </summary>
public partial class Program
{
    public static async Task<int> Main(string[] args)
    {
        var demo = new Option<bool>("--demo") { Description = "Submit a demo application once the gateway is up and show its timeline" };
        var exitAfterDemo = new Option<bool>("--exit-after-demo") { Description = "Stop after the demo (exit code 0 when the case completed)" };
        var root = new RootCommand("Unified acceptance integration gateway (统一受理平台)") { demo, exitAfterDemo };
        root.TreatUnmatchedTokensAsErrors = false;
        root.SetAction((parse, ct) => RunAsync(parse.UnmatchedTokens.ToArray(), parse.GetValue(demo) || parse.GetValue(exitAfterDemo),
            parse.GetValue(exitAfterDemo), ct));

        var provider = new Option<string>("--provider") { Description = "Sqlite or Postgres", DefaultValueFactory = _ => DatabaseOptions.Sqlite };
        var script = new Command("schema-script", "Print the CREATE script of the current model for a provider (for writing a new schema version)") { provider };
        script.SetAction(parse =>
        {
            var options = new DbContextOptionsBuilder<GatewayDbContext>();
            PersistenceModule.Configure(options, parse.GetValue(provider)!,
                parse.GetValue(provider) == DatabaseOptions.Postgres ? "Host=127.0.0.1" : "Data Source=:memory:");
            using var db = new GatewayDbContext(options.Options);
            Console.WriteLine(db.Database.GenerateCreateScript());
            return 0;
        });
        root.Subcommands.Add(script);

        var password = new Argument<string>("password") { Description = "the portal user's password" };
        var hash = new Command("portal-password-hash", "Print the hash to put in Portal:Users:N:PasswordHash for a password") { password };
        hash.SetAction(parse =>
        {
            Console.WriteLine(Gateway.Host.Portal.PortalPasswords.Hash(parse.GetValue(password)!));
            return 0;
        });
        root.Subcommands.Add(hash);

        var items = new Option<string[]>("--item") { Description = "An item to test (repeatable)", AllowMultipleArgumentsPerToken = true };
        var department = new Option<string?>("--department") { Description = "Test every item of this department" };
        var all = new Option<bool>("--all") { Description = "Test every item of the catalogue" };
        var cases = new Option<int?>("--cases") { Description = "Simulated cases per item (default JointTest:Cases, 5)" };
        var reportDir = new Option<string>("--report-dir") { Description = "Where the report is written", DefaultValueFactory = _ => "jointtest-reports" };
        var jointDemo = new Option<bool>("--demo") { Description = "Run on the embedded gateway with the demo's configuration: the departments' generated simulators" };
        var joint = new Command("jointtest", "Joint test (模拟办件): run simulated cases of items through the gateway against their departments' configured " +
            "endpoints and check the departments' conformance; writes Markdown, HTML and JUnit XML; exit code 1 when a check fails")
            { items, department, all, cases, reportDir, jointDemo };
        joint.TreatUnmatchedTokensAsErrors = false;
        joint.SetAction((parse, ct) => JointTesting.JointTestCommand.RunAsync(parse.UnmatchedTokens.ToArray(), parse.GetValue(items) ?? [],
            parse.GetValue(department), parse.GetValue(all), parse.GetValue(cases), parse.GetValue(reportDir)!, ct, parse.GetValue(jointDemo)));
        root.Subcommands.Add(joint);

        var benchCases = new Option<int>("--cases") { Description = "Single-item cases to submit", DefaultValueFactory = _ => 3000 };
        var benchBundles = new Option<int>("--bundles") { Description = "Newborn bundles (7 cases each) spread among them", DefaultValueFactory = _ => 20 };
        var benchHosts = new Option<int>("--hosts") { Description = "Gateway host processes sharing the work", DefaultValueFactory = _ => 1 };
        var benchConcurrency = new Option<int>("--concurrency") { Description = "Windows submitting at once", DefaultValueFactory = _ => 48 };
        var benchClerks = new Option<int>("--clerks") { Description = "Clerks working each manual inbox at once (the clerk bots), 1 to 64", DefaultValueFactory = _ => Benchmark.BenchOptions.DefaultClerks };
        benchClerks.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() is < 1 or > Embedded.ClerkBotOptions.MostClerks)
                r.AddError($"--clerks must be between 1 and {Embedded.ClerkBotOptions.MostClerks}");
        });
        var benchRate = new Option<double>("--rate") { Description = "Applications per second to offer (open loop); 0 = as fast as the hosts take them", DefaultValueFactory = _ => 0 };
        var benchWarmup = new Option<int>("--warmup") { Description = "Single-item cases run first and not counted", DefaultValueFactory = _ => 300 };
        var benchTimeout = new Option<double>("--timeout-minutes") { Description = "Give up waiting for completions after this long", DefaultValueFactory = _ => 10 };
        var benchReports = new Option<string>("--report-dir") { Description = "Where the JSON and Markdown reports go", DefaultValueFactory = _ => "bench-reports" };
        var postgres = new Option<string?>("--postgres") { Description = "PostgreSQL admin connection string (a database is created per run; default: the test server on 127.0.0.1:23432)" };
        var rabbitmq = new Option<string?>("--rabbitmq") { Description = "RabbitMQ as amqp://user:password@host:port/vhost (default: the test server on 127.0.0.1:23672, vhost gateway-tests)" };
        var bench = new Command("bench", "Benchmark on RabbitMQ + PostgreSQL: raw server limits, then the gateway's hosts as processes under load from all four " +
            "protocols and bundles; prints and writes throughput, latency percentiles, CPU, memory and ratios (JSON + Markdown). " +
            "Other --Key=value options are passed to every host.")
            { benchCases, benchBundles, benchHosts, benchConcurrency, benchClerks, benchRate, benchWarmup, benchTimeout, benchReports, postgres, rabbitmq };
        bench.TreatUnmatchedTokensAsErrors = false;
        bench.SetAction((parse, ct) => Benchmark.BenchCommand.RunAsync(new Benchmark.BenchOptions
        {
            Cases = parse.GetValue(benchCases), Bundles = parse.GetValue(benchBundles), Hosts = parse.GetValue(benchHosts),
            Concurrency = parse.GetValue(benchConcurrency), Clerks = parse.GetValue(benchClerks), Rate = parse.GetValue(benchRate), Warmup = parse.GetValue(benchWarmup), Timeout = TimeSpan.FromMinutes(parse.GetValue(benchTimeout)),
            ReportDir = parse.GetValue(benchReports)!, Postgres = parse.GetValue(postgres), RabbitMq = parse.GetValue(rabbitmq),
            HostSettings = parse.UnmatchedTokens.ToArray(),
        }, ct));
        root.Subcommands.Add(bench);

        var faultCases = new Option<int>("--cases") { Description = "Single-item cases to run through the faults", DefaultValueFactory = _ => 2000 };
        var kills = new Option<int>("--kills") { Description = "Times the host is killed with SIGKILL at random points", DefaultValueFactory = _ => 5 };
        var faultRate = new Option<double>("--rate") { Description = "Applications per second offered", DefaultValueFactory = _ => 12 };
        var down = new Option<double>("--department-down-seconds") { Description = "How long the REST department stays down", DefaultValueFactory = _ => 120 };
        var seed = new Option<int?>("--seed") { Description = "Seed of the random kill points (printed, to repeat a run)" };
        var faultTimeout = new Option<double>("--timeout-minutes") { Description = "Give up waiting for the cases to end after this long", DefaultValueFactory = _ => 20 };
        var embedded = new Option<bool>("--embedded") { Description = "Run on the embedded default (SQLite file, in-memory bus, simulators in the host): only the kills apply" };
        var faults = new Command("faults", "Fault suite: the gateway host killed with SIGKILL several times, RabbitMQ and PostgreSQL restarted once each, a " +
            "department down for minutes, all while cases run on a private PostgreSQL + RabbitMQ (or, with --embedded, the host killed on the embedded default); " +
            "prints the counts (lost, duplicated, feed gaps); exit code 1 unless all are 0. Other --Key=value options are passed to the host.")
            { faultCases, kills, faultRate, down, seed, faultTimeout, embedded };
        faults.TreatUnmatchedTokensAsErrors = false;
        faults.SetAction((parse, ct) => FaultSuite.FaultSuiteCommand.RunAsync(new FaultSuite.FaultSuiteOptions
        {
            Cases = parse.GetValue(faultCases), Kills = parse.GetValue(kills), Rate = parse.GetValue(faultRate),
            DepartmentDown = TimeSpan.FromSeconds(parse.GetValue(down)), Seed = parse.GetValue(seed) ?? Environment.TickCount,
            Timeout = TimeSpan.FromMinutes(parse.GetValue(faultTimeout)), HostSettings = parse.UnmatchedTokens.ToArray(),
            Embedded = parse.GetValue(embedded),
        }, ct));
        root.Subcommands.Add(faults);

        var checkDepartment = new Option<string?>("--department") { Description = "Check only this department" };
        var check = new Command("check", "Check the department profiles against the catalogue: every problem with file and line; exit code 1 when any") { checkDepartment };
        check.TreatUnmatchedTokensAsErrors = false;
        check.SetAction(parse => Departments.Profiles.DepartmentsCommand.Check(parse.UnmatchedTokens.ToArray(), parse.GetValue(checkDepartment), Console.Out));
        var renderDepartment = new Argument<string>("department") { Description = "The department's code" };
        var renderItem = new Option<string>("--item") { Description = "The item (the gateway's code)", Required = true };
        var renderCase = new Option<string?>("--case") { Description = "A canonical application (JSON) to render instead of the synthetic one" };
        var renderShape = new Option<string>("--shape") { Description = "Which dispatch: new, correction round, withdrawal, pre-review, …", DefaultValueFactory = _ => "new" };
        var render = new Command("render", "Show what would be sent to a department for an item") { renderDepartment, renderItem, renderCase, renderShape };
        render.TreatUnmatchedTokensAsErrors = false;
        render.SetAction(parse => Departments.Profiles.DepartmentsCommand.Render(parse.UnmatchedTokens.ToArray(), parse.GetValue(renderDepartment)!,
            parse.GetValue(renderItem)!, parse.GetValue(renderCase), parse.GetValue(renderShape)!, Console.Out));
        var tokenChannel = new Option<string>("--channel") { Description = "window, applicant or platform", DefaultValueFactory = _ => "platform" };
        var tokenScopes = new Option<string>("--scope") { Description = "Space-separated scopes", DefaultValueFactory = _ => string.Join(' ', Channels.ChannelScopes.All) };
        var tokenRegion = new Option<string?>("--region") { Description = "window: the region code (or prefix) it serves" };
        var tokenApplicant = new Option<string?>("--applicant-id") { Description = "applicant: the ID number it vouches for" };
        var demoToken = new Command("demo-token", "Print a channel token signed with the demo identity provider's key (appsettings.Demo.json), to call the demo gateway's API")
            { tokenChannel, tokenScopes, tokenRegion, tokenApplicant };
        demoToken.SetAction(parse =>
        {
            Console.WriteLine(Demo.DemoTokens.Mint(Configuration.DemoConfiguration.Build(), "demo-" + parse.GetValue(tokenChannel), parse.GetValue(tokenChannel)!,
                parse.GetValue(tokenScopes)!.Split(' ', StringSplitOptions.RemoveEmptyEntries), parse.GetValue(tokenRegion), parse.GetValue(tokenApplicant)));
            return 0;
        });
        root.Subcommands.Add(demoToken);

        var departments = new Command("departments", "Department profiles: check them, render a dispatch") { check, render };
        root.Subcommands.Add(departments);

        var audit = new Command("audit", "The hash-chained audit trail of state changes");
        var verify = new Command("verify", "Walk the audit trail and name every entry altered, missing or out of place; exit code 1 when any is");
        verify.TreatUnmatchedTokensAsErrors = false;
        verify.SetAction(async (parse, ct) =>
        {
            await using var app = GatewayApplication.Build(parse.UnmatchedTokens.ToArray(), new Dictionary<string, string?> { ["Logging:LogLevel:Default"] = "Warning" });
            await using var db = await app.Services.GetRequiredService<Microsoft.EntityFrameworkCore.IDbContextFactory<GatewayDbContext>>().CreateDbContextAsync(ct);
            var (count, problems) = await Feed.AuditChain.VerifyAsync(db, n => Console.Error.Write($"\rchecked {n} entries"), ct);
            Console.Error.WriteLine();
            foreach (var p in problems) Console.WriteLine($"{p.Kind,-12} {p.Detail}");
            Console.WriteLine(problems.Count == 0 ? $"audit trail intact: {count} entries, chain unbroken" : $"audit trail NOT intact: {problems.Count} problem(s) in {count} entries");
            return problems.Count == 0 ? 0 : 1;
        });
        audit.Subcommands.Add(verify);
        root.Subcommands.Add(audit);

        return await root.Parse(args).InvokeAsync();
    }

    static async Task<int> RunAsync(string[] hostArgs, bool demo, bool exitAfterDemo, CancellationToken ct)
    {
        // --demo runs with the demo's configuration (appsettings.Demo.json: its simulators, accounts and published keys).
        WebApplication built;
        try
        {
            built = GatewayApplication.Build(hostArgs, demo ? new Dictionary<string, string?> { [Configuration.DemoConfiguration.Key] = "true" } : null);
        }
        catch (InvalidOperationException ex) when (ex.Message.StartsWith("The gateway does not start", StringComparison.Ordinal) ||
                                                   ex.Message.StartsWith("The department profiles", StringComparison.Ordinal))
        {
            // A configuration that cannot run: say what to fix, without a stack trace.
            Console.Error.WriteLine(ex.Message);
            Console.Error.WriteLine("(to run the demo with its published keys instead: --demo)");
            return 2;
        }
        catch (Microsoft.Extensions.Options.OptionsValidationException ex)
        {
            Console.Error.WriteLine("The gateway does not start: configuration values out of range (docs/configuration.md gives every key):");
            Console.Error.WriteLine(Configuration.ValidatedOptions.Describe(ex));
            return 2;
        }
        await using var app = built;
        try
        {
            await app.StartAsync(ct);
        }
        catch (IOException ex) when (ex.Message.Contains("address already in use", StringComparison.OrdinalIgnoreCase))
        {
            Console.Error.WriteLine($"The gateway cannot listen: {ex.Message.TrimEnd('.')}. Stop what uses that port or pass another address, e.g. --urls http://127.0.0.1:5090");
            return 2;
        }
        var url = EmbeddedSimulators.GatewayUrl(app.Services);
        app.Logger.LogInformation("Gateway listening on {Url}", url);
        var ok = true;
        if (demo)
        {
            try
            {
                ok = await DemoRunner.RunAsync(url, TimeSpan.FromSeconds(60), ct);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                app.Logger.LogError(ex, "The demo failed");
                ok = false;
            }
        }
        if (!exitAfterDemo) await app.WaitForShutdownAsync(ct);
        await app.StopAsync(CancellationToken.None);
        return ok ? 0 : 1;
    }
}
