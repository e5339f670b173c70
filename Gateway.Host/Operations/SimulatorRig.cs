using Gateway.Adapters;
using Gateway.Host.Departments.Profiles;
using Gateway.Host.Embedded;
using Gateway.Mappings.Profiles;
using Gateway.Simulators;
using Gateway.Simulators.ClerkBot;
using Gateway.Simulators.Common;
using Gateway.Simulators.Provincial;

namespace Gateway.Host.Operations;

/// <summary>
/// The departments and the provincial platform, simulated in this process for gateway hosts running as separate processes
/// (benchmark, fault suite): one simulator generated from each department profile (REST, SOAP, file drop), the configured clerk
/// bots on the portal, and the platform taking the feed. Credentials come from the gateway's own configuration file, so the hosts and the simulators agree.
/// Killing a host does not stop them: their reports wait and are retried, on another host when there are several.
/// </summary>
public sealed class SimulatorRig : IAsyncDisposable
{
    readonly List<WebApplication> _apps = [];
    readonly List<DepartmentSimulatorOptions> _simulated = [];
    readonly Dictionary<string, DepartmentState> _states = new(StringComparer.OrdinalIgnoreCase);
    readonly Dictionary<string, string?> _settings = new();
    readonly CancellationTokenSource _stopping = new();
    readonly List<Task> _bots = [];
    readonly IConfiguration _configuration;
    readonly ILoggerFactory _loggers;

    public PlatformState Platform { get; private set; } = null!;

    /// <summary>Configuration the gateway hosts need to talk to these simulators.</summary>
    public IReadOnlyDictionary<string, string?> HostSettings => _settings;

    SimulatorRig(IConfiguration configuration, ILoggerFactory loggers)
    {
        _configuration = configuration;
        _loggers = loggers;
    }

    /// <summary>The behaviour and outage switch of a department's simulator.</summary>
    public DepartmentState State(string department) => _states[department];

    public static async Task<SimulatorRig> StartAsync(string workFolder, SimulatorBehaviour behaviour, ILoggerFactory loggers, CancellationToken ct)
    {
        var configuration = Configuration.DemoConfiguration.Build();
        var rig = new SimulatorRig(configuration, loggers);
        var departments = configuration.GetSection(DepartmentConnectionsOptions.Section).Get<DepartmentConnectionsOptions>() ?? new();
        void Logging(ILoggingBuilder l)
        {
            l.ClearProviders();
            l.SetMinimumLevel(LogLevel.Error);
            l.AddProvider(new EmbeddedSimulators.ForwardingLoggerProvider(loggers));
        }

        var profiles = new DepartmentProfiles(DepartmentProfilesModule.ProfilesFolder(configuration));
        foreach (var profile in profiles.All.Where(p => p.Profile.Simulator is not null).OrderBy(p => p.DepartmentCode, StringComparer.Ordinal))
        {
            var code = profile.DepartmentCode;
            var c = departments.For(code);
            var options = new DepartmentSimulatorOptions
            {
                Profile = profile, Url = "http://127.0.0.1:0", ApiKey = c.OutboundApiKey, ExpectedUsername = c.OutboundUsername,
                ExpectedPassword = c.OutboundPassword, CallbackSecret = c.CallbackSecret ?? "", GatewayUrl = "http://127.0.0.1:1", Behaviour = behaviour,
                PollMilliseconds = 100,
            };
            if (profile.File is not null)
            {
                options.DispatchFolder = Path.Combine(workFolder, code, "to-department");
                options.ResultFolder = Path.Combine(workFolder, code, "from-department");
                Directory.CreateDirectory(options.DispatchFolder);
                Directory.CreateDirectory(options.ResultFolder);
                rig._settings[$"Departments:{code}:OutboundFolder"] = options.DispatchFolder;
                rig._settings[$"Departments:{code}:InboundFolder"] = options.ResultFolder;
                rig._settings["FileDrop:PollMilliseconds"] = "100";
            }
            var (app, _, endpoint) = await DepartmentSimulator.StartAsync(options, Logging, ct);
            rig._apps.Add(app);
            rig._states[code] = app.Services.GetRequiredService<DepartmentState>();
            if (endpoint is not null) rig._settings[$"Departments:{code}:Endpoint"] = endpoint;
            rig._simulated.Add(options);
        }

        var pushKey = configuration["Feed:PushApiKey"];
        var (platform, platformUrl) = await ProvincialPlatformSimulator.StartAsync("http://127.0.0.1:0", pushKey, Logging, ct);
        rig._apps.Add(platform);
        rig.Platform = platform.Services.GetRequiredService<PlatformState>();
        rig._settings["Feed:PushUrl"] = platformUrl.TrimEnd('/') + ProvincialPlatformSimulator.FeedPath;

        rig._settings["Simulators:Embedded"] = "false";
        rig._settings["Simulators:ProvincialPlatform"] = "false";
        foreach (var bot in rig.ClerkBots) rig._states[bot.DepartmentCode] = new DepartmentState(behaviour);
        return rig;
    }

    IReadOnlyList<ClerkBotOptions> ClerkBots => _configuration.GetSection("Simulators:ClerkBots").Get<List<ClerkBotOptions>>() ?? [];

    /// <summary>
    /// Tells the simulators where the gateway's hosts listen (reports go to each in turn) and starts the clerk bots on the first;
    /// <paramref name="clerks"/>, when given, is how many clerks each bot stands for instead of the configured number.
    /// </summary>
    public void Connect(IReadOnlyList<string> gatewayUrls, int? clerks = null)
    {
        var all = string.Join(',', gatewayUrls);
        foreach (var options in _simulated) options.GatewayUrl = all;
        foreach (var bot in ClerkBots.Where(b => b.Username.Length > 0 && b.Password.Length > 0))
        {
            var clerk = new ClerkBot(gatewayUrls[0], bot.Username, bot.Password, _states[bot.DepartmentCode], _loggers.CreateLogger("Simulator.ClerkBot"),
                bot.SupervisorUsername, bot.SupervisorPassword, clerks ?? bot.Clerks);
            _bots.Add(Task.Run(() => clerk.RunAsync(_stopping.Token)));
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        try
        {
            await Task.WhenAll(_bots);
        }
        catch (OperationCanceledException)
        {
        }
        foreach (var app in _apps)
        {
            await app.StopAsync(CancellationToken.None);
            await app.DisposeAsync();
        }
    }
}
