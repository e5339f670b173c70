using System.ComponentModel.DataAnnotations;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Gateway.Adapters;
using Gateway.Contracts.Applications;
using Gateway.Contracts.Departments;
using Gateway.Contracts.Messages;
using Gateway.Contracts.Status;
using Gateway.Host.Cases;
using Gateway.Host.Catalogue;
using Gateway.Host.Intake;
using Gateway.Host.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Gateway.Host.JointTesting;

/// <summary>Configuration section <c>JointTest</c>.</summary>
public sealed class JointTestOptions
{
    public const string Section = "JointTest";
    /// <summary>Simulated cases per item (the rules ask for 5 successful ones before an item goes live).</summary>
    [Range(1, 1000)]
    public int Cases { get; set; } = 5;
    /// <summary>The department must sign for (or accept) a dispatched case within this many seconds.</summary>
    [Range(0.1, 86_400)]
    public double ReceiptSeconds { get; set; } = 30;
    /// <summary>How long one simulated case may take to reach its end.</summary>
    [Range(0.1, 86_400)]
    public double CaseTimeoutSeconds { get; set; } = 120;
    /// <summary>How long to watch for a second case after re-sending a dispatch, in milliseconds.</summary>
    [Range(10, 3_600_000)]
    public int RedispatchWatchMilliseconds { get; set; } = 2000;
    /// <summary>Required as <c>X-Api-Key</c> to switch an item live for cross-region applications.</summary>
    public string? GoLiveApiKey { get; set; }
}

/// <summary>The names of the conformance checks, each about one thing a department's system must do.</summary>
public static class Checks
{
    public const string ReceiptWithinTime = "receipt-within-time";
    public const string ValidCodes = "valid-codes";
    public const string CorrectionListsItems = "correction-lists-items";
    public const string IdempotentRedispatch = "idempotent-redispatch";
    public const string RejectsUnauthenticated = "rejects-unauthenticated-dispatch";
    public const string ErrorsWellFormed = "errors-well-formed";
    public const string AuthenticatedReports = "authenticated-reports";
    public const string LicenceComplete = "licence-complete";

    /// <summary>What each check proves, for the report.</summary>
    public static readonly IReadOnlyDictionary<string, string> Meaning = new Dictionary<string, string>
    {
        [ReceiptWithinTime] = "signs for (or accepts) each dispatched case within the configured time",
        [ValidCodes] = "reports only status, reason and type codes of the exchange tables",
        [CorrectionListsItems] = "a correction notice lists what to correct",
        [IdempotentRedispatch] = "answers a re-sent dispatch with the same case (no second case, no reports replayed)",
        [RejectsUnauthenticated] = "refuses a dispatch that carries no credentials",
        [ErrorsWellFormed] = "answers a refused call with a well-formed error (JSON code/msg, or a SOAP Fault)",
        [AuthenticatedReports] = "signs every report with its own credentials (none refused as unauthenticated)",
        [LicenceComplete] = "reports each licence with every required field",
    };
}

public sealed record CheckResult(string Name, bool Passed, string Detail);
public sealed record CaseResult(int Index, string? CaseNo, string FinalState, double Seconds, IReadOnlyList<CheckResult> Checks)
{
    public bool Passed => FinalState == CaseStatuses.Completed && Checks.All(c => c.Passed);
}
public sealed record ItemResult(string ItemCode, string ItemName, string DepartmentCode, string Protocol, string Endpoint, IReadOnlyList<CaseResult> Cases,
    IReadOnlyList<CheckResult> DepartmentChecks)
{
    public int PassedCases => DepartmentChecks.All(c => c.Passed) ? Cases.Count(c => c.Passed) : 0;
    public bool Passed => Cases.Count > 0 && PassedCases == Cases.Count;
    /// <summary>Every check that failed, by name, with the cases it failed on.</summary>
    public IEnumerable<string> FailedChecks => DepartmentChecks.Where(c => !c.Passed).Select(c => c.Name)
        .Concat(Cases.SelectMany(c => c.Checks).Where(c => !c.Passed).Select(c => c.Name)).Distinct();
}
public sealed record JointTestReport(string RunId, DateTime StartedAt, DateTime FinishedAt, IReadOnlyList<ItemResult> Items)
{
    public bool Passed => Items.Count > 0 && Items.All(i => i.Passed);
}

/// <summary>
/// The joint-test harness (模拟办件): for each item, submits N simulated cases through the gateway's own intake to the department's
/// configured endpoint (a simulator or the department's own system), waits for each to end, re-sends a dispatch to see it answered
/// idempotently, probes the endpoint without credentials, and judges the department by named checks from what the gateway
/// recorded (its timeline, its department events, and the requests it refused).
/// </summary>
public sealed class JointTestRunner(IServiceProvider services)
{
    readonly IDbContextFactory<GatewayDbContext> _dbFactory = services.GetRequiredService<IDbContextFactory<GatewayDbContext>>();
    readonly ServiceCatalogue _catalogue = services.GetRequiredService<ServiceCatalogue>();
    readonly JointTestOptions _options = services.GetRequiredService<IOptions<JointTestOptions>>().Value;

    /// <summary>Runs every item; <paramref name="progress"/> hears of each finished case (item, cases done of the total).</summary>
    public async Task<JointTestReport> RunAsync(string gatewayUrl, IReadOnlyList<ServiceItem> items, int cases, Action<string, int, int>? progress,
        CancellationToken ct)
    {
        var runId = $"JT{DateTime.UtcNow:yyyyMMddHHmmss}{RandomNumberGenerator.GetInt32(1000, 9999)}";
        var started = DateTime.UtcNow;
        using var http = new HttpClient { BaseAddress = new Uri(gatewayUrl), Timeout = TimeSpan.FromSeconds(60) };
        http.DefaultRequestHeaders.Authorization = new("Bearer", ChannelToken());
        var results = new List<ItemResult>();
        var done = 0;
        foreach (var item in items)
        {
            var itemStarted = DateTime.UtcNow;
            var caseTasks = Enumerable.Range(1, cases).Select(async i =>
            {
                var result = await RunCaseAsync(http, runId, item, i, ct);
                progress?.Invoke(item.Code, Interlocked.Increment(ref done), items.Count * cases);
                return result;
            }).ToList();
            var caseResults = (await Task.WhenAll(caseTasks)).OrderBy(c => c.Index).ToList();
            var department = _catalogue.Department(item.DepartmentCode)!;
            var departmentChecks = await DepartmentChecksAsync(department, itemStarted, ct);
            var result = new ItemResult(item.Code, item.Name, department.Code, department.Protocol, EndpointOf(department), caseResults, departmentChecks);
            results.Add(result);
            await using var db = await _dbFactory.CreateDbContextAsync(ct);
            db.JointTestRuns.Add(new JointTestRun
            {
                RunId = runId, ItemCode = item.Code, DepartmentCode = department.Code, Cases = cases, Passed = result.PassedCases, StartedAt = itemStarted,
                FinishedAt = DateTime.UtcNow, Report = JointTestReports.ItemMarkdown(result),
            });
            await db.SaveChangesAsync(ct);
        }
        return new JointTestReport(runId, started, DateTime.UtcNow, results);
    }

    string EndpointOf(Department d)
    {
        var c = services.GetRequiredService<IOptionsMonitor<DepartmentConnectionsOptions>>().CurrentValue.For(d.Code);
        return d.Protocol switch
        {
            Protocols.FileDrop => $"{c.OutboundFolder} → {c.InboundFolder}",
            Protocols.Manual => "manual inbox (/portal)",
            _ => c.Endpoint ?? "(none configured)",
        };
    }

    async Task<CaseResult> RunCaseAsync(HttpClient http, string runId, ServiceItem item, int index, CancellationToken ct)
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var response = await http.PostAsJsonAsync("/api/applications", SimulatedApplication(runId, item, index), ct);
        var body = await response.Content.ReadAsStringAsync(ct);
        if ((int)response.StatusCode != 202)
            return new CaseResult(index, null, "NotSubmitted", 0, [new CheckResult("intake", false, $"the gateway refused the simulated application: {(int)response.StatusCode} {body}")]);
        var caseNo = JsonSerializer.Deserialize<IntakeEndpoints.SubmissionResponse>(body, JsonSerializerOptions.Web)!.CaseNo;

        var deadline = DateTime.UtcNow.AddSeconds(_options.CaseTimeoutSeconds);
        CaseState? state = null;
        while (DateTime.UtcNow < deadline)
        {
            await using var db = await _dbFactory.CreateDbContextAsync(ct);
            state = await db.Cases.AsNoTracking().FirstOrDefaultAsync(c => c.CaseNo == caseNo, ct);
            if (state is not null && CaseProgress.IsFinal(state.CurrentState)) break;
            await Task.Delay(100, ct);
        }
        var seconds = watch.Elapsed.TotalSeconds;
        var checks = new List<CheckResult> { await ReceiptCheckAsync(caseNo, state, ct) };
        checks.Add(await RedispatchCheckAsync(caseNo, state, ct));
        return new CaseResult(index, caseNo, state?.CurrentState ?? CaseStatuses.Submitted, seconds, checks);
    }

    async Task<CheckResult> ReceiptCheckAsync(string caseNo, CaseState? s, CancellationToken ct)
    {
        var limit = TimeSpan.FromSeconds(_options.ReceiptSeconds);
        if (s?.DispatchedAt is not { } dispatched) return new CheckResult(Checks.ReceiptWithinTime, false, "the case never reached the department");
        // Reports the gateway refused as unauthenticated are judged by authenticated-reports; the receipt they may have carried is not judged twice.
        await using (var db = await _dbFactory.CreateDbContextAsync(ct))
            if (await db.RefusedReports.AnyAsync(r => r.DepartmentCode == s.DepartmentCode && r.Kind == "unauthenticated" && r.At >= dispatched
                                                      && (r.CaseNo == caseNo || r.CaseNo == null), ct))
                return new CheckResult(Checks.ReceiptWithinTime, true, "not judged: the department's reports were refused as unauthenticated");
        // Judged on the gateway's clock: when its first report on the case arrived, whatever time the department wrote in it.
        DateTime? signed;
        await using (var db = await _dbFactory.CreateDbContextAsync(ct))
            signed = await db.DepartmentEvents.AsNoTracking().Where(e => e.CaseNo == caseNo).Select(e => (DateTime?)e.ReceivedAt).MinAsync(ct);
        if (signed is null) return new CheckResult(Checks.ReceiptWithinTime, false, $"no report at all within {_options.CaseTimeoutSeconds:0} s");
        var took = signed.Value > dispatched ? signed.Value - dispatched : TimeSpan.Zero;
        return new CheckResult(Checks.ReceiptWithinTime, took <= limit, $"first report {took.TotalSeconds:0.0} s after dispatch (limit {limit.TotalSeconds:0.#} s)");
    }

    /// <summary>Re-sends the case's first dispatch as it was: the department must answer with the case it has, not open another.</summary>
    async Task<CheckResult> RedispatchCheckAsync(string caseNo, CaseState? s, CancellationToken ct)
    {
        var department = _catalogue.Department(s?.DepartmentCode ?? "");
        if (s?.DispatchId is null || department is null) return new CheckResult(Checks.IdempotentRedispatch, false, "the case was never dispatched");
        if (department.Protocol == Protocols.Manual)
            return new CheckResult(Checks.IdempotentRedispatch, true, "not applicable: the manual inbox places a dispatch once per case");
        await using var db = await _dbFactory.CreateDbContextAsync(ct);
        var record = await db.Applications.AsNoTracking().FirstAsync(a => a.CaseNo == caseNo, ct);
        var dispatch = new DispatchToDepartment(s.CorrelationId, caseNo, s.DispatchId, 1, s.DepartmentCode, s.ItemCode, s.SubmittedAt,
            JsonSerializer.Deserialize<CanonicalApplication>(record.Payload, JsonSerializerOptions.Web)!);
        var receiptsBefore = await db.DepartmentEvents.CountAsync(e => e.CaseNo == caseNo && e.Type == DepartmentEventTypes.Received, ct);
        DispatchOutcome outcome;
        try
        {
            outcome = await services.GetRequiredService<DepartmentAdapters>().For(department.Protocol).DispatchAsync(dispatch, ct);
        }
        catch (DepartmentUnavailableException ex)
        {
            return new CheckResult(Checks.IdempotentRedispatch, false, $"the re-sent dispatch did not go through: {ex.Message}");
        }
        await Task.Delay(_options.RedispatchWatchMilliseconds, ct);
        var receipts = await db.DepartmentEvents.CountAsync(e => e.CaseNo == caseNo && e.Type == DepartmentEventTypes.Received, ct);
        if (outcome is DispatchOutcome.Delivered { DepartmentReference: { } reference } && s.DepartmentReference is { } first && reference != first)
            return new CheckResult(Checks.IdempotentRedispatch, false, $"the re-sent dispatch {s.DispatchId} opened another case: reference {reference}, first {first}");
        if (receipts > 1 || receipts > receiptsBefore)
            return new CheckResult(Checks.IdempotentRedispatch, false, $"the re-sent dispatch {s.DispatchId} was reported on again as a new case ({receipts} receipts)");
        return new CheckResult(Checks.IdempotentRedispatch, true, outcome switch
        {
            DispatchOutcome.Delivered d => $"answered with the same case{(d.DepartmentReference is { } r ? $" ({r})" : "")}, no new reports",
            DispatchOutcome.Rejected r => $"refused as a repeat ({r.Reason}), no new reports",
            _ => "no new reports",
        });
    }

    /// <summary>Checks about the department as a whole over the item's run: what the gateway refused of it, and how it answers a call without credentials.</summary>
    async Task<List<CheckResult>> DepartmentChecksAsync(Department department, DateTime since, CancellationToken ct)
    {
        await using var db = await _dbFactory.CreateDbContextAsync(ct);
        var refused = await db.RefusedReports.AsNoTracking().Where(r => r.DepartmentCode == department.Code && r.At >= since).ToListAsync(ct);
        static bool Licence(RefusedReport r) => r.Fields?.Split(',').Any(f => f.StartsWith("licence", StringComparison.Ordinal)) == true;
        static bool Corrections(RefusedReport r) => r.Fields?.Split(',').Any(f => f.StartsWith("corrections", StringComparison.Ordinal)) == true;
        string List(IEnumerable<RefusedReport> rs) => string.Join("; ", rs.Take(3).Select(r => r.Detail)) + (rs.Count() > 3 ? $" (+{rs.Count() - 3} more)" : "");

        var invalid = refused.Where(r => r.Kind == "invalid").ToList();
        var codes = invalid.Where(r => !Licence(r) && !Corrections(r)).ToList();
        var licence = invalid.Where(Licence).ToList();
        var corrections = invalid.Where(Corrections).ToList();
        var unauthenticated = refused.Where(r => r.Kind == "unauthenticated").ToList();
        var checks = new List<CheckResult>
        {
            new(Checks.ValidCodes, codes.Count == 0, codes.Count == 0 ? "every report used codes of the tables" : $"{codes.Count} report(s) refused: {List(codes)}"),
            new(Checks.CorrectionListsItems, corrections.Count == 0, corrections.Count == 0 ? "no correction notice without its items" : $"{corrections.Count} notice(s) refused: {List(corrections)}"),
            new(Checks.LicenceComplete, licence.Count == 0, licence.Count == 0 ? "every licence reported with its required fields" : $"{licence.Count} licence report(s) refused: {List(licence)}"),
            new(Checks.AuthenticatedReports, unauthenticated.Count == 0, unauthenticated.Count == 0 ? "no report refused as unauthenticated" : $"{unauthenticated.Count} refused: {List(unauthenticated)}"),
        };
        checks.AddRange(await ProbeAsync(department, ct));
        return checks;
    }

    /// <summary>Calls the department's endpoint without credentials: it must refuse, with a well-formed error.</summary>
    async Task<IEnumerable<CheckResult>> ProbeAsync(Department department, CancellationToken ct)
    {
        if (department.Protocol is not (Protocols.Rest or Protocols.Soap))
            return [new CheckResult(Checks.RejectsUnauthenticated, true, $"not applicable: {department.Protocol} has no endpoint to call"),
                new CheckResult(Checks.ErrorsWellFormed, true, $"not applicable: {department.Protocol}")];
        var endpoint = services.GetRequiredService<IOptionsMonitor<DepartmentConnectionsOptions>>().CurrentValue.For(department.Code).Endpoint;
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        using var request = new HttpRequestMessage(HttpMethod.Post, endpoint);
        const string probeCase = "JOINT-TEST-PROBE";
        if (department.Protocol == Protocols.Rest)
            request.Content = new StringContent($"{{\"ywlsh\":\"{probeCase}-1\",\"sqbh\":\"{probeCase}\",\"sxbm\":\"x\",\"sqrxx\":{{\"zjhm\":\"x\"}}}}", Encoding.UTF8, "application/json");
        else
        {
            request.Content = new StringContent(Gateway.Contracts.Soap.SoapEnvelope.Build(new System.Xml.Linq.XElement(System.Xml.Linq.XName.Get("Probe", "urn:joint-test"), probeCase)),
                Encoding.UTF8, "text/xml");
            request.Headers.Add("SOAPAction", "\"urn:joint-test:probe\"");
        }
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, ct);
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            return [new CheckResult(Checks.RejectsUnauthenticated, false, $"the endpoint did not answer: {ex.Message}"),
                new CheckResult(Checks.ErrorsWellFormed, false, "no answer to judge")];
        }
        using (response)
        {
            var text = await response.Content.ReadAsStringAsync(ct);
            var status = (int)response.StatusCode;
            var refused = department.Protocol == Protocols.Rest ? status is 401 or 403 : status >= 400 && text.Contains("Fault", StringComparison.Ordinal);
            var wellFormed = department.Protocol == Protocols.Rest ? IsJsonError(department.Code, text) : IsSoapFault(text);
            return
            [
                new CheckResult(Checks.RejectsUnauthenticated, refused, $"a dispatch without credentials was answered HTTP {status}"),
                new CheckResult(Checks.ErrorsWellFormed, wellFormed, wellFormed ? "the refusal is a well-formed error" : $"the refusal is not a well-formed error: {(text.Length > 200 ? text[..200] : text)}"),
            ];
        }
    }

    /// <summary>
    /// A well-formed REST refusal: a reply the department's profile reads as not taken (its own outcome code and message), or a
    /// problem document (RFC 7807).
    /// </summary>
    bool IsJsonError(string department, string text)
    {
        var profiles = services.GetRequiredService<Gateway.Mappings.Profiles.DepartmentProfiles>();
        if (profiles.Has(department))
        {
            try
            {
                if (!profiles.For(department).ReadReply(text).Taken) return true;
            }
            catch (Gateway.Mappings.UnreadableReplyException)
            {
                // not in the department's own format; a problem document still counts
            }
        }
        try
        {
            using var doc = JsonDocument.Parse(text);
            return doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty("title", out _);
        }
        catch (JsonException)
        {
            return false;
        }
    }

    static bool IsSoapFault(string text)
    {
        try
        {
            var doc = Gateway.Contracts.Soap.SoapEnvelope.ParseDocument(text);
            var fault = doc.Descendants().FirstOrDefault(e => e.Name.LocalName == "Fault");
            return fault is not null && fault.Elements().Any(e => e.Name.LocalName == "faultcode") && fault.Elements().Any(e => e.Name.LocalName == "faultstring");
        }
        catch (System.Xml.XmlException)
        {
            return false;
        }
    }

    /// <summary>
    /// The joint-test harness submits as a channel: <c>JointTest:ChannelToken</c> (a token of the province's identity provider with the
    /// submit and read scopes), or, in the demo, one the demo's key signs.
    /// </summary>
    string ChannelToken()
    {
        var configuration = services.GetRequiredService<IConfiguration>();
        return configuration["JointTest:ChannelToken"] is { Length: > 0 } token
            ? token
            : Demo.DemoTokens.Platform(configuration, "joint-test-harness");
    }

    /// <summary>A complete simulated application for the item: every material on its list, marked simulated.</summary>
    public static object SimulatedApplication(string runId, ServiceItem item, int index)
    {
        var materials = item.Materials.Select(m => m.Medium == Media.Paper
            ? (object)new { code = m.Code, name = m.Name, medium = Media.Paper }
            : Material(m.Code, m.Name, $"模拟办件 {runId} {item.Code} #{index}: {m.Name}")).ToList();
        var methods = item.DeliveryMethods ?? DeliveryMethods.All;
        var method = methods.FirstOrDefault(m => m != DeliveryMethods.Post) ?? methods[0];
        return new
        {
            idempotencyKey = $"{runId}-{item.Code}-{index}",
            itemCode = item.Code,
            simulated = true,
            applicant = new { kind = "person", name = $"模拟申请人{index}", idType = "resident-id", idNumber = Demo.DemoApplication.ResidentId(new DateOnly(1985, 1, 1), 600 + index) },
            applyingWindow = new { regionCode = "410702", windowId = "JOINT-TEST" },
            materials,
            formData = new { jointTestRun = runId },
            delivery = new { method, address = method == DeliveryMethods.Post ? "新乡市红旗区联调测试地址1号" : null },
        };
    }

    static object Material(string code, string name, string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        return new { code, name, medium = Media.Electronic, sha256 = Convert.ToHexStringLower(SHA256.HashData(bytes)), contentBase64 = Convert.ToBase64String(bytes) };
    }
}
