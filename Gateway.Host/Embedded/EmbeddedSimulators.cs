using System.ComponentModel.DataAnnotations;
using Gateway.Adapters;
using Gateway.Mappings.Profiles;
using Gateway.Simulators;
using Gateway.Simulators.ClerkBot;
using Gateway.Simulators.Common;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;

namespace Gateway.Host.Embedded;

/// <summary>Configuration section <c>Simulators</c>.</summary>
public sealed class SimulatorsOptions : IValidatableObject
{
    public const string Section = "Simulators";

    /// <summary>Start the department simulators inside the gateway process and point the departments at them.</summary>
    public bool Embedded { get; set; }

    /// <summary>
    /// Departments played by a simulator generated from their profile; empty (the default): every department that has a profile.
    /// A file-drop department's simulator uses its Outbound/InboundFolder.
    /// </summary>
    public List<string> Departments { get; set; } = [];

    /// <summary>Clerk bots that work manual-inbox departments through the portal (their portal accounts must exist).</summary>
    public List<ClerkBotOptions> ClerkBots { get; set; } = [];

    /// <summary>
    /// A folder where each embedded simulator and clerk bot keeps its cases (one journal file each), so that after the gateway process
    /// restarts they still know the cases they took and finish them, as the departments' own systems would. Empty: in memory only.
    /// A relative path is taken from the working folder.
    /// </summary>
    public string StateFolder { get; set; } = "";

    /// <summary>The journal file of one simulated department or clerk, or null when <see cref="StateFolder"/> is not set.</summary>
    public string? JournalFor(string name) => StateFolder.Length == 0 ? null : Path.Combine(Path.GetFullPath(StateFolder), name + ".jsonl");

    /// <summary>Start a simulated provincial platform and push the status feed to it (unless <c>Feed:PushUrl</c> names a real one).</summary>
    public bool ProvincialPlatform { get; set; }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext) =>
        ClerkBots.Select((bot, i) => (bot, i)).Where(b => b.bot.Clerks is < 1 or > ClerkBotOptions.MostClerks)
            .Select(b => new ValidationResult($"must be between 1 and {ClerkBotOptions.MostClerks} (was {b.bot.Clerks})", [$"ClerkBots:{b.i}:Clerks"]));
}

/// <summary>Where the embedded provincial platform simulator takes the feed, once started.</summary>
public sealed class EmbeddedFeedEndpoint
{
    public string? Url { get; set; }
    public Gateway.Simulators.Provincial.PlatformState? State { get; set; }
}

public sealed class ClerkBotOptions
{
    public string DepartmentCode { get; set; } = "";
    public string Username { get; set; } = "";
    /// <summary>The portal password of that account (the portal itself stores only its hash).</summary>
    public string Password { get; set; } = "";
    /// <summary>A supervisor account of the department, which records the decisions and licences; without one the bot's own account must be a supervisor.</summary>
    public string SupervisorUsername { get; set; } = "";
    public string SupervisorPassword { get; set; } = "";
    public const int MostClerks = 64;
    /// <summary>How many clerks of the department share these accounts and work the inbox at once (each case by one of them).</summary>
    public int Clerks { get; set; } = 1;
}

/// <summary>
/// In embedded mode, starts one department simulator per profiled department (generated from its profile: REST, SOAP or file drop)
/// and a clerk bot per configured manual inbox, on free loopback ports before the bus starts,
/// and points the department's endpoint at it; once the gateway listens, the simulators learn where to send their reports.
/// </summary>
public sealed class EmbeddedSimulators(
    IOptions<SimulatorsOptions> options,
    IOptionsMonitor<DepartmentConnectionsOptions> connections,
    EmbeddedEndpoints endpoints,
    IServiceProvider services,
    DepartmentProfiles profiles,
    EmbeddedFeedEndpoint feedEndpoint,
    IHostApplicationLifetime lifetime,
    ILoggerFactory loggerFactory) : IHostedService
{
    sealed record Running(string DepartmentCode, WebApplication? App, Action<string> SetGatewayUrl)
    {
        public DepartmentState? OwnState { get; init; }
        public DepartmentState State => OwnState ?? App!.Services.GetRequiredService<DepartmentState>();
    }

    readonly List<Running> _running = [];
    readonly CancellationTokenSource _stopping = new();
    readonly List<Task> _bots = [];

    /// <summary>The state of the simulator playing <paramref name="departmentCode"/>, for scripting it.</summary>
    public DepartmentState? State(string departmentCode) =>
        _running.FirstOrDefault(r => r.DepartmentCode.Equals(departmentCode, StringComparison.OrdinalIgnoreCase))?.State;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!options.Value.Embedded) return;
        var logger = loggerFactory.CreateLogger<EmbeddedSimulators>();
        void Logging(ILoggingBuilder l)
        {
            l.ClearProviders();
            l.AddProvider(new ForwardingLoggerProvider(loggerFactory));
            l.SetMinimumLevel(LogLevel.Warning);
        }

        var wanted = options.Value.Departments.Count > 0
            ? options.Value.Departments.Distinct(StringComparer.OrdinalIgnoreCase).ToList()
            : profiles.All.Where(p => p.Profile.Simulator is not null).Select(p => p.DepartmentCode).Order(StringComparer.Ordinal).ToList();
        foreach (var department in wanted)
        {
            if (!profiles.Has(department))
                throw new InvalidOperationException($"Simulators:Departments names {department}, which has no profile");
            var connection = connections.CurrentValue.For(department);
            var profile = profiles.For(department);
            if (profile.File is not null && (string.IsNullOrWhiteSpace(connection.OutboundFolder) || string.IsNullOrWhiteSpace(connection.InboundFolder)))
                throw new InvalidOperationException($"The embedded file-drop simulator for {department} needs Departments:{department}:OutboundFolder and InboundFolder");
            var simOptions = new DepartmentSimulatorOptions
            {
                Profile = profile, Url = "http://127.0.0.1:0", ApiKey = connection.OutboundApiKey, ExpectedUsername = connection.OutboundUsername,
                ExpectedPassword = connection.OutboundPassword, CallbackSecret = connection.CallbackSecret ?? "", GatewayUrl = "http://127.0.0.1:1",
                DispatchFolder = connection.OutboundFolder, ResultFolder = connection.InboundFolder,
                JournalFile = options.Value.JournalFor(department),
            };
            var (app, _, endpoint) = await DepartmentSimulator.StartAsync(simOptions, Logging, cancellationToken);
            var running = new Running(department, app, u => simOptions.GatewayUrl = u);
            if (endpoint is not null) Register(running, endpoint, logger);
            else
            {
                _running.Add(running);
                logger.LogInformation("Embedded file-drop simulator for {Department} reads {Outbound} and writes {Inbound}", department,
                    connection.OutboundFolder, connection.InboundFolder);
            }
        }

        if (options.Value.ProvincialPlatform)
        {
            var (platform, url) = await Gateway.Simulators.Provincial.ProvincialPlatformSimulator.StartAsync("http://127.0.0.1:0",
                services.GetRequiredService<IOptions<Gateway.Host.Feed.FeedOptions>>().Value.PushApiKey, Logging, cancellationToken);
            _running.Add(new Running("PROVINCE", platform, _ => { }));
            feedEndpoint.Url = url.TrimEnd('/') + Gateway.Simulators.Provincial.ProvincialPlatformSimulator.FeedPath;
            feedEndpoint.State = platform.Services.GetRequiredService<Gateway.Simulators.Provincial.PlatformState>();
            logger.LogInformation("Embedded provincial platform simulator takes the status feed at {Url}", feedEndpoint.Url);
        }

        foreach (var clerk in options.Value.ClerkBots.Where(c => c.Username.Length > 0 && c.Password.Length > 0))
        {
            var state = new DepartmentState(new SimulatorBehaviour(), options.Value.JournalFor($"clerk-{clerk.DepartmentCode}-{clerk.Username}"));
            _running.Add(new Running(clerk.DepartmentCode, null, gateway =>
            {
                var bot = new ClerkBot(gateway, clerk.Username, clerk.Password, state, loggerFactory.CreateLogger("Simulator.ClerkBot"),
                    clerk.SupervisorUsername, clerk.SupervisorPassword, clerk.Clerks);
                _bots.Add(Task.Run(() => bot.RunAsync(_stopping.Token)));
            }) { OwnState = state });
            logger.LogInformation("Embedded clerk bot {Username} works the {Department} inbox", clerk.Username, clerk.DepartmentCode);
        }

        lifetime.ApplicationStarted.Register(() =>
        {
            var gateway = GatewayUrl(services);
            foreach (var running in _running) running.SetGatewayUrl(gateway);
        });
    }

    void Register(Running running, string endpoint, ILogger logger)
    {
        _running.Add(running);
        endpoints.Set(running.DepartmentCode, endpoint);
        endpoints.PostConfigure(null, connections.CurrentValue); // options already built before this start

        logger.LogInformation("Embedded simulator for {Department} listens on {Endpoint}", running.DepartmentCode, endpoint);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        await Task.WhenAll(_bots);
        foreach (var running in _running.Where(r => r.App is not null))
        {
            await running.App!.StopAsync(cancellationToken);
            await running.App.DisposeAsync();
        }
        _running.Clear();
    }

    /// <summary>The loopback address the gateway listens on.</summary>
    public static string GatewayUrl(IServiceProvider services)
    {
        var addresses = services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        var address = addresses.FirstOrDefault(a => a.StartsWith("http://", StringComparison.Ordinal)) ?? addresses.FirstOrDefault()
                      ?? throw new InvalidOperationException("The gateway listens on no address");
        return address.Replace("://+", "://127.0.0.1").Replace("://*", "://127.0.0.1").Replace("://0.0.0.0", "://127.0.0.1")
            .Replace("://[::]", "://127.0.0.1").TrimEnd('/');
    }

    /// <summary>Sends a simulator's log to the host's loggers under "Simulator.{category}".</summary>
    internal sealed class ForwardingLoggerProvider(ILoggerFactory factory) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => factory.CreateLogger("Simulator." + categoryName);
        public void Dispose() { }
    }
}

/// <summary>Endpoints of the embedded simulators; applied over configuration every time the department options are (re)built.</summary>
public sealed class EmbeddedEndpoints : IPostConfigureOptions<DepartmentConnectionsOptions>
{
    readonly System.Collections.Concurrent.ConcurrentDictionary<string, string> _endpoints = new(StringComparer.OrdinalIgnoreCase);

    public void Set(string departmentCode, string endpoint) => _endpoints[departmentCode] = endpoint;

    public void PostConfigure(string? name, DepartmentConnectionsOptions options)
    {
        foreach (var (department, endpoint) in _endpoints)
        {
            if (!options.TryGetValue(department, out var connection)) options[department] = connection = new DepartmentConnectionOptions();
            connection.Endpoint = endpoint;
        }
    }
}
