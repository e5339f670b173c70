using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Gateway.Contracts.Departments;
using Gateway.Host;
using Gateway.Host.Embedded;
using Gateway.Host.Intake;
using Gateway.Host.Persistence;
using Gateway.Simulators.Common;
using Gateway.Simulators.Rest;
using Microsoft.AspNetCore.Builder;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Gateway.Tests.Support;

/// <summary>
/// A real gateway process-in-a-test: Kestrel on a free loopback port, its embedded REST department simulator, and the database and
/// bus a test chooses (SQLite + in-memory by default).
/// </summary>
public sealed class TestGateway : IAsyncDisposable
{
    public const string ScjgSecret = "test-secret-scjg";
    public const string GaSecret = "test-secret-ga";
    public const string WjwSecret = "test-secret-wjw";
    public const string GaGatewayUser = "test-gateway";
    public const string YbClerkPassword = "test-clerk-yb";
    public const string GaClerkPassword = "test-clerk-ga";
    public const string YbLeadPassword = "test-lead-yb";
    public const string InspectorPassword = "test-inspector";
    public const string OperatorPassword = "test-operator";
    static readonly Lazy<(string Yb, string Ga, string YbLead, string Inspector, string Operator)> PortalHashes =
        new(() => (Gateway.Host.Portal.PortalPasswords.Hash(YbClerkPassword), Gateway.Host.Portal.PortalPasswords.Hash(GaClerkPassword),
            Gateway.Host.Portal.PortalPasswords.Hash(YbLeadPassword), Gateway.Host.Portal.PortalPasswords.Hash(InspectorPassword),
            Gateway.Host.Portal.PortalPasswords.Hash(OperatorPassword)));
    public const string GaGatewayPassword = "test-password-ga";
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    readonly string? _sqliteFile;
    public WebApplication App { get; }
    /// <summary>A client acting as a province-wide channel with every scope (most tests are about something else than who may call).</summary>
    public HttpClient Http { get; }

    /// <summary>A client with no credentials at all.</summary>
    public HttpClient Anonymous { get; }

    public string Url { get; }

    /// <summary>A channel token signed with the demo identity provider's key.</summary>
    public string Token(string channel, IEnumerable<string> scopes, string? region = null, string? applicantId = null, string subject = "test-channel") =>
        Gateway.Host.Demo.DemoTokens.Mint(App.Configuration, subject, channel, scopes, region, applicantId);

    /// <summary>A client presenting <paramref name="token"/> (null: none).</summary>
    public HttpClient ClientWith(string? token)
    {
        var client = new HttpClient { BaseAddress = new Uri(Url), Timeout = TimeSpan.FromSeconds(30) };
        if (token is not null) client.DefaultRequestHeaders.Authorization = new("Bearer", token);
        return client;
    }

    TestGateway(WebApplication app, string url, string? sqliteFile)
    {
        App = app;
        Url = url;
        _sqliteFile = sqliteFile;
        Http = ClientWith(Gateway.Host.Demo.DemoTokens.Platform(app.Configuration, "test-platform"));
        Anonymous = ClientWith(null);
    }

    /// <summary>Embedded mode: in-memory bus and a fresh SQLite file.</summary>
    public static Task<TestGateway> StartEmbeddedAsync(IDictionary<string, string?>? settings = null, Action<WebApplicationBuilder>? configure = null,
        string[]? args = null) =>
        StartEmbeddedOnFileAsync(Path.Combine(Path.GetTempPath(), $"gateway-test-{Guid.NewGuid():N}.db"), settings, configure, ownsFile: true, args);

    /// <summary>
    /// Embedded mode on the given SQLite file, so a test can stop a gateway and start another on the same database; the file is
    /// deleted on disposal only when <paramref name="ownsFile"/>.
    /// </summary>
    public static Task<TestGateway> StartEmbeddedOnFileAsync(string file, IDictionary<string, string?>? settings = null,
        Action<WebApplicationBuilder>? configure = null, bool ownsFile = false, string[]? args = null)
    {
        var all = new Dictionary<string, string?>
        {
            ["Departments:RS:OutboundFolder"] = file + ".filedrop/to-department",
            ["Departments:RS:InboundFolder"] = file + ".filedrop/from-department",
            ["Database:Provider"] = "Sqlite",
            ["ConnectionStrings:Gateway"] = $"Data Source={file}",
            ["Bus:Transport"] = "InMemory",
            // The simulated departments keep their cases next to the database, so a gateway restarted on the file finds them too.
            ["Simulators:StateFolder"] = file + ".simulators",
        };
        foreach (var (k, v) in settings ?? new Dictionary<string, string?>()) all[k] = v;
        return StartAsync(all, ownsFile ? file : null, configure, args);
    }

    /// <summary>Production mode on the test servers: RabbitMQ and a fresh PostgreSQL database.</summary>
    public static async Task<TestGateway> StartOnServersAsync(IDictionary<string, string?>? settings = null, string? connectionString = null,
        string? endpointPrefix = null, Action<WebApplicationBuilder>? configure = null)
    {
        await TestServers.RequireRabbitMqAsync();
        var all = new Dictionary<string, string?>(TestServers.RabbitMqSettings(endpointPrefix ?? $"t{Guid.NewGuid():N}"[..9] + "-"))
        {
            ["Database:Provider"] = "Postgres",
            ["ConnectionStrings:Gateway"] = connectionString ?? await TestServers.CreatePostgresDatabaseAsync(),
            ["Departments:RS:OutboundFolder"] = Path.Combine(Path.GetTempPath(), $"gateway-filedrop-{Guid.NewGuid():N}", "to-department"),
            ["Departments:RS:InboundFolder"] = Path.Combine(Path.GetTempPath(), $"gateway-filedrop-{Guid.NewGuid():N}", "from-department"),
        };
        foreach (var (k, v) in settings ?? new Dictionary<string, string?>()) all[k] = v;
        return await StartAsync(all, null, configure);
    }

    static async Task<TestGateway> StartAsync(Dictionary<string, string?> settings, string? sqliteFile, Action<WebApplicationBuilder>? configure = null,
        string[]? args = null)
    {
        var all = new Dictionary<string, string?>
        {
            ["Urls"] = "http://127.0.0.1:0",
            ["Simulators:Embedded"] = "true",
            ["Simulators:StateFolder"] = "",
            ["Departments:SCJG:OutboundApiKey"] = "test-key-scjg",
            ["Departments:SCJG:CallbackSecret"] = ScjgSecret,
            ["Departments:SCJG:RetryDelayMilliseconds"] = "20",
            ["Departments:SCJG:BreakerBreakSeconds"] = "1",
            ["Departments:SCJG:TimeoutSeconds"] = "5",
            ["Simulators:ClerkBots:0:Username"] = "", // tests that want the clerk bot switch it on
            // The demo configuration's clerk bots of CG, XF, JT and WL stay off in tests.
            ["Simulators:ClerkBots:1:Username"] = "",
            ["Simulators:ClerkBots:2:Username"] = "",
            ["Simulators:ClerkBots:3:Username"] = "",
            ["Simulators:ClerkBots:4:Username"] = "",
            ["Portal:Users:0:Username"] = "yb-clerk",
            ["Portal:Users:0:DepartmentCode"] = "YB",
            ["Portal:Users:0:Role"] = "clerk",
            ["Portal:Users:0:PasswordHash"] = PortalHashes.Value.Yb,
            ["Portal:Users:1:Username"] = "ga-clerk",
            ["Portal:Users:1:DepartmentCode"] = "GA",
            ["Portal:Users:1:Role"] = "clerk",
            ["Portal:Users:1:PasswordHash"] = PortalHashes.Value.Ga,
            ["Portal:Users:2:Username"] = "yb-lead",
            ["Portal:Users:2:DepartmentCode"] = "YB",
            ["Portal:Users:2:Role"] = "supervisor",
            ["Portal:Users:2:PasswordHash"] = PortalHashes.Value.YbLead,
            ["Portal:Users:3:Username"] = "dc-inspector",
            ["Portal:Users:3:DepartmentCode"] = "DCS",
            ["Portal:Users:3:Role"] = "inspector",
            ["Portal:Users:3:PasswordHash"] = PortalHashes.Value.Inspector,
            ["Portal:Users:11:Username"] = "test-ops",
            ["Portal:Users:11:DepartmentCode"] = "OPS",
            ["Portal:Users:11:Role"] = "operator",
            ["Portal:Users:11:PasswordHash"] = PortalHashes.Value.Operator,
            ["Simulators:ClerkBots:0:SupervisorUsername"] = "yb-lead",
            ["Simulators:ClerkBots:0:SupervisorPassword"] = YbLeadPassword,
            ["Departments:WJW:OutboundApiKey"] = "test-key-wjw",
            ["Departments:WJW:CallbackSecret"] = WjwSecret,
            ["Departments:WJW:RetryDelayMilliseconds"] = "20",
            ["Departments:WJW:TimeoutSeconds"] = "5",
            ["Departments:GA:CallbackSecret"] = GaSecret,
            ["Departments:GA:OutboundUsername"] = GaGatewayUser,
            ["Departments:GA:OutboundPassword"] = GaGatewayPassword,
            ["Departments:GA:RetryDelayMilliseconds"] = "20",
            ["Departments:GA:BreakerBreakSeconds"] = "1",
            ["Departments:GA:TimeoutSeconds"] = "5",
            ["Dispatch:RetryLimit"] = "30",
            ["Dispatch:RetryMinSeconds"] = "0.2",
            ["Dispatch:RetryMaxSeconds"] = "1",
            ["Outbox:PollMilliseconds"] = "200",
            ["Intake:PerWindowPerMinute"] = "0",   // tests submit hundreds of cases from one window; the limit has its own test
            ["FileDrop:PollMilliseconds"] = "100",
            ["Deadlines:PollMilliseconds"] = "100",
            ["Logging:LogLevel:Default"] = "Warning",
            ["Demo"] = "true", // the demo's simulators, accounts and keys (appsettings.Demo.json)
            ["Logging:LogLevel:MassTransit"] = "Error",
        };
        foreach (var (k, v) in settings) all[k] = v;
        var app = GatewayApplication.Build(args ?? [], all, b =>
        {
            b.Logging.ClearProviders().AddSimpleConsole(o => o.SingleLine = true);
            configure?.Invoke(b);
        });
        await app.StartAsync();
        return new TestGateway(app, EmbeddedSimulators.GatewayUrl(app.Services), sqliteFile);
    }

    /// <summary>The embedded simulator playing the market regulation bureau.</summary>
    public DepartmentState Scjg => App.Services.GetRequiredService<EmbeddedSimulators>().State("SCJG")
                                       ?? throw new InvalidOperationException("no embedded SCJG simulator");

    /// <summary>The embedded simulator playing the health commission's registration-interface REST system.</summary>
    public DepartmentState Wjw => App.Services.GetRequiredService<EmbeddedSimulators>().State("WJW")
                                  ?? throw new InvalidOperationException("no embedded WJW simulator");

    /// <summary>The embedded simulator playing the public security bureau's legacy SOAP system.</summary>
    public DepartmentState Ga => App.Services.GetRequiredService<EmbeddedSimulators>().State("GA")
                                 ?? throw new InvalidOperationException("no embedded GA simulator");

    /// <summary>The embedded simulator playing the social security bureau's file-exchanging batch system.</summary>
    public DepartmentState Rs => App.Services.GetRequiredService<EmbeddedSimulators>().State("RS")
                                 ?? throw new InvalidOperationException("no embedded RS simulator");

    /// <summary>The embedded clerk bot working the medical insurance bureau's manual inbox (when a test switched it on).</summary>
    public DepartmentState Yb => App.Services.GetRequiredService<EmbeddedSimulators>().State("YB")
                                 ?? throw new InvalidOperationException("no embedded YB clerk bot");

    public string RsInbound => App.Services.GetRequiredService<Microsoft.Extensions.Options.IOptionsMonitor<Gateway.Adapters.DepartmentConnectionsOptions>>()
        .CurrentValue.For("RS").InboundFolder!;

    public string RsOutbound => App.Services.GetRequiredService<Microsoft.Extensions.Options.IOptionsMonitor<Gateway.Adapters.DepartmentConnectionsOptions>>()
        .CurrentValue.For("RS").OutboundFolder!;

    public GatewayDbContext Db() => App.Services.GetRequiredService<IDbContextFactory<GatewayDbContext>>().CreateDbContext();

    public async Task<(HttpResponseMessage Response, string Body)> PostJsonAsync(string path, object body)
    {
        var response = await Http.PostAsJsonAsync(path, body, Json);
        return (response, await response.Content.ReadAsStringAsync());
    }

    public async Task<(HttpResponseMessage Response, string Body)> PostRawAsync(string path, string body, string contentType = "application/json")
    {
        var response = await Http.PostAsync(path, new StringContent(body, Encoding.UTF8, contentType));
        return (response, await response.Content.ReadAsStringAsync());
    }

    /// <summary>Submits an application and returns its case number (the submission must be accepted).</summary>
    public async Task<string> SubmitAsync(object application)
    {
        var (response, body) = await PostJsonAsync("/api/applications", application);
        if ((int)response.StatusCode != 202) throw new InvalidOperationException($"submission refused: {(int)response.StatusCode} {body}");
        return JsonSerializer.Deserialize<IntakeEndpoints.SubmissionResponse>(body, Json)!.CaseNo;
    }

    /// <summary>
    /// Submits a medical-insurance application (YB, a department without a system) and waits until the case is in the department's
    /// portal inbox; returns its case number.
    /// </summary>
    public async Task<string> ManualInboxCaseAsync()
    {
        var caseNo = await SubmitAsync(JsonSerializer.SerializeToNode(Gateway.Host.Demo.DemoApplication.MedicalInsurance(Applications.NewKey()), Json)!);
        await WaitForStatusAsync(caseNo, Gateway.Contracts.Status.CaseStatuses.Dispatched);
        return caseNo;
    }

    /// <summary>Submits a bundle application (<c>bundleCode</c>); it must be accepted.</summary>
    public async Task<Gateway.Host.Bundles.BundleIntake.BundleSubmissionResponse> SubmitBundleAsync(object application)
    {
        var (response, body) = await PostJsonAsync("/api/applications", application);
        if ((int)response.StatusCode != 202) throw new InvalidOperationException($"bundle submission refused: {(int)response.StatusCode} {body}");
        return JsonSerializer.Deserialize<Gateway.Host.Bundles.BundleIntake.BundleSubmissionResponse>(body, Json)!;
    }

    public async Task<Gateway.Host.Bundles.BundleView> GetBundleAsync(string bundleNo) =>
        (await Http.GetFromJsonAsync<Gateway.Host.Bundles.BundleView>($"/api/bundles/{bundleNo}", Json))!;

    /// <summary>Waits until the bundle satisfies <paramref name="done"/>; fails with its members' states after <paramref name="timeout"/>.</summary>
    public async Task<Gateway.Host.Bundles.BundleView> WaitForBundleAsync(string bundleNo, Func<Gateway.Host.Bundles.BundleView, bool> done,
        TimeSpan? timeout = null)
    {
        var limit = timeout ?? TimeSpan.FromSeconds(60);
        var deadline = DateTime.UtcNow + limit;
        while (true)
        {
            var view = await GetBundleAsync(bundleNo);
            if (done(view)) return view;
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"bundle {bundleNo} is {view.State} after {limit}: " +
                                           string.Join(" | ", view.Members.Select(m => $"{m.ItemCode} {m.Status}{(m.AwaitingPrerequisites ? " (held)" : "")}")));
            await Task.Delay(100);
        }
    }

    public async Task<CaseView> GetCaseAsync(string caseNo) =>
        (await Http.GetFromJsonAsync<CaseView>($"/api/applications/{caseNo}", Json))!;

    /// <summary>Waits until the case satisfies <paramref name="done"/>; fails with the case's last view after <paramref name="timeout"/>.</summary>
    public async Task<CaseView> WaitForAsync(string caseNo, Func<CaseView, bool> done, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        CaseView view;
        while (true)
        {
            view = await GetCaseAsync(caseNo);
            if (done(view)) return view;
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"case {caseNo} is {view.Status} after {timeout ?? TimeSpan.FromSeconds(30)}; timeline: " +
                                           string.Join(" | ", view.Timeline.Select(t => $"{t.Status}: {t.Title} {t.Detail}")));
            await Task.Delay(50);
        }
    }

    public Task<CaseView> WaitForStatusAsync(string caseNo, string status, TimeSpan? timeout = null) =>
        WaitForAsync(caseNo, v => v.Status == status, timeout);

    /// <summary>Sends a department report signed with <paramref name="secret"/>, as a department's system would.</summary>
    public Task<(HttpResponseMessage Response, string Body)> ReportAsync(string departmentCode, DepartmentEventReport report, string secret,
        long? timestamp = null) =>
        SignedPostAsync($"/api/departments/{departmentCode}/events", report, secret, timestamp);

    /// <summary>POSTs <paramref name="body"/> as JSON signed with a department's <paramref name="secret"/> (X-Timestamp, X-Signature).</summary>
    public async Task<(HttpResponseMessage Response, string Body)> SignedPostAsync(string path, object body, string secret, long? timestamp = null)
    {
        var bytes = JsonSerializer.SerializeToUtf8Bytes(body, body.GetType(), Json);
        var ts = timestamp ?? DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        using var request = new HttpRequestMessage(HttpMethod.Post, path)
        {
            Content = new ByteArrayContent(bytes) { Headers = { ContentType = new("application/json") } },
        };
        request.Headers.Add(CallbackSignature.TimestampHeader, ts.ToString());
        request.Headers.Add(CallbackSignature.SignatureHeader, CallbackSignature.Sign(secret, ts, bytes));
        var response = await Http.SendAsync(request);
        return (response, await response.Content.ReadAsStringAsync());
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        Anonymous.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
        if (_sqliteFile is not null)
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            foreach (var f in new[] { _sqliteFile, _sqliteFile + "-wal", _sqliteFile + "-shm" })
                try { File.Delete(f); } catch (IOException) { }
            try { Directory.Delete(_sqliteFile + ".filedrop", recursive: true); } catch (IOException) { }
            try { Directory.Delete(_sqliteFile + ".simulators", recursive: true); } catch (IOException) { }
        }
    }
}
