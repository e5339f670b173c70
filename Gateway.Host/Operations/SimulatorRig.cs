using Gateway.Adapters;
using Gateway.Host.Embedded;
using Gateway.Simulators.ClerkBot;
using Gateway.Simulators.Common;
using Gateway.Simulators.FileDrop;
using Gateway.Simulators.Provincial;
using Gateway.Simulators.Rest;
using Gateway.Simulators.Soap;

namespace Gateway.Host.Operations;

/// <summary>
/// The departments and the provincial platform, simulated in this process for gateway hosts running as separate processes
/// (benchmark, fault suite): REST (SCJG, WJW), legacy SOAP (GA), file drop (RS), the YB clerk bot on the portal, and the
/// platform taking the feed. Credentials come from the gateway's own configuration file, so the hosts and the simulators agree.
/// Killing a host does not stop them: their reports wait and are retried, on another host when there are several.
/// </summary>
public sealed class SimulatorRig : IAsyncDisposable
{
    readonly List<WebApplication> _apps = [];
    readonly List<(string Department, RestSimulatorOptions? RestOptions, SoapSimulatorOptions? SoapOptions)> _http = [];
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
        var configuration = new ConfigurationBuilder().SetBasePath(AppContext.BaseDirectory).AddJsonFile("appsettings.json").Build();
        var rig = new SimulatorRig(configuration, loggers);
        var departments = configuration.GetSection(DepartmentConnectionsOptions.Section).Get<DepartmentConnectionsOptions>() ?? new();
        void Logging(ILoggingBuilder l)
        {
            l.ClearProviders();
            l.SetMinimumLevel(LogLevel.Error);
            l.AddProvider(new EmbeddedSimulators.ForwardingLoggerProvider(loggers));
        }

        foreach (var code in new[] { "SCJG", "WJW" })
        {
            var c = departments.For(code);
            var options = new RestSimulatorOptions
            {
                DepartmentCode = code, Url = "http://127.0.0.1:0", ApiKey = c.OutboundApiKey, CallbackSecret = c.CallbackSecret ?? "",
                GatewayUrl = "http://127.0.0.1:1", Behaviour = behaviour,
            };
            var (app, url) = await RestDepartmentSimulator.StartAsync(options, Logging, ct);
            rig.Add(code, app, url.TrimEnd('/') + RestDepartmentSimulator.DispatchPath);
            rig._http.Add((code, options, null));
        }

        var ga = departments.For("GA");
        var soap = new SoapSimulatorOptions
        {
            DepartmentCode = "GA", Url = "http://127.0.0.1:0", ExpectedUsername = ga.OutboundUsername, ExpectedPassword = ga.OutboundPassword,
            CallbackSecret = ga.CallbackSecret ?? "", GatewayUrl = "http://127.0.0.1:1", Behaviour = behaviour,
        };
        var (soapApp, soapUrl) = await SoapDepartmentSimulator.StartAsync(soap, Logging, ct);
        rig.Add("GA", soapApp, soapUrl.TrimEnd('/') + HouseholdRegistration.ServicePath);
        rig._http.Add(("GA", null, soap));

        var outbound = Path.Combine(workFolder, "RS", "to-department");
        var inbound = Path.Combine(workFolder, "RS", "from-department");
        Directory.CreateDirectory(outbound);
        Directory.CreateDirectory(inbound);
        var (fileApp, _) = await FileDropDepartmentSimulator.StartAsync(new FileDropSimulatorOptions
        {
            DepartmentCode = "RS", DispatchFolder = outbound, ResultFolder = inbound, PollMilliseconds = 100, Behaviour = behaviour,
        }, Logging, ct);
        rig._apps.Add(fileApp);
        rig._states["RS"] = fileApp.Services.GetRequiredService<DepartmentState>();
        rig._settings["Departments:RS:OutboundFolder"] = outbound;
        rig._settings["Departments:RS:InboundFolder"] = inbound;
        rig._settings["FileDrop:PollMilliseconds"] = "100";

        var pushKey = configuration["Feed:PushApiKey"];
        var (platform, platformUrl) = await ProvincialPlatformSimulator.StartAsync("http://127.0.0.1:0", pushKey, Logging, ct);
        rig._apps.Add(platform);
        rig.Platform = platform.Services.GetRequiredService<PlatformState>();
        rig._settings["Feed:PushUrl"] = platformUrl.TrimEnd('/') + ProvincialPlatformSimulator.FeedPath;

        rig._settings["Simulators:Embedded"] = "false";
        rig._settings["Simulators:ProvincialPlatform"] = "false";
        rig._states["YB"] = new DepartmentState(behaviour);
        return rig;
    }

    void Add(string department, WebApplication app, string endpoint)
    {
        _apps.Add(app);
        _states[department] = app.Services.GetRequiredService<DepartmentState>();
        _settings[$"Departments:{department}:Endpoint"] = endpoint;
    }

    /// <summary>Tells the simulators where the gateway's hosts listen (reports go to each in turn) and starts the clerk bot on the first.</summary>
    public void Connect(IReadOnlyList<string> gatewayUrls)
    {
        var all = string.Join(',', gatewayUrls);
        foreach (var (_, rest, soap) in _http)
        {
            if (rest is not null) rest.GatewayUrl = all;
            if (soap is not null) soap.GatewayUrl = all;
        }
        var bot = _configuration.GetSection("Simulators:ClerkBots").Get<List<ClerkBotOptions>>()?.FirstOrDefault(b => b.DepartmentCode == "YB")
                  ?? throw new InvalidOperationException("appsettings.json has no YB clerk bot account (Simulators:ClerkBots)");
        var clerk = new ClerkBot(gatewayUrls[0], bot.Username, bot.Password, _states["YB"], _loggers.CreateLogger("Simulator.ClerkBot"),
            bot.SupervisorUsername, bot.SupervisorPassword);
        _bots.Add(Task.Run(() => clerk.RunAsync(_stopping.Token)));
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
