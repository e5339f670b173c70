using System.ComponentModel.DataAnnotations;
using System.Security.Cryptography;
using System.Text.Json;
using Gateway.Adapters;
using Gateway.Host.ApiDescription;
using Gateway.Contracts.Applications;
using Gateway.Contracts.Identity;
using Gateway.Contracts.Messages;
using Gateway.Contracts.Status;
using Gateway.Host.Catalogue;
using Gateway.Host.Deadlines;
using Gateway.Host.Messaging.Outbox;
using Gateway.Host.Observability;
using Gateway.Host.Persistence;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Gateway.Host.Intake;

/// <summary>
/// <c>POST /api/applications</c>: validates, stores the application with its case number and queues it for the case saga in
/// one transaction. The same idempotency key again returns the case already made; a different body under the same key is a conflict.
/// </summary>
public static class IntakeEndpoints
{
    static readonly JsonSerializerOptions Json = JsonSerializerOptions.Web;

    public static IEndpointRouteBuilder MapIntake(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/applications", Submit).WithTags("Intake").RequireAuthorization(Channels.ChannelScopes.Policy(Channels.ChannelScopes.Submit))
            .AddEndpointFilter(Observability.IntakeRefusalCounter.Count)
            .WithName("submitApplication")
            .WithSummary("提交申请 / Submit an application")
            .WithDescription("Submits a canonical application for one item (`itemCode`) or a \"one thing\" bundle (`bundleCode`). The gateway checks " +
                             "it against the catalogue and, complete, stores it with its case number (申办号) and queues it for the owning department: " +
                             "202 with `caseNo` (a bundle: `bundleNo` and its member cases). Incomplete: 422 with the one-time notice (一次性告知: " +
                             "`noticeNo` and every missing or defective material in `items`), nothing forwarded. Invalid: 422 with field-level " +
                             "`errors`. The same `idempotencyKey` again answers with the case already made (`replayed`); another application " +
                             "under a used key is 409. A window submits for its own region, an applicant channel for its own applicant (403 " +
                             "otherwise, nothing stored); 429 when a window submits too fast (`Retry-After`).")
            .Accepts<ApplicationRequest>("application/json")
            .ProducesOneOf(StatusCodes.Status202Accepted, "application/json", overlapping: false, typeof(SubmissionResponse),
                typeof(Bundles.BundleIntake.BundleSubmissionResponse))
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesOneOf(StatusCodes.Status422UnprocessableEntity, "application/problem+json", overlapping: true, typeof(IncompleteApplicationProblem),
                typeof(Microsoft.AspNetCore.Http.HttpValidationProblemDetails))
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .AddOpenApiOperationTransformer(ApiDescription.RequestExamples.Application);
        return app;
    }

    static async Task<IResult> Submit(HttpContext http, ServiceCatalogue catalogue, DepartmentAdapters adapters,
        IDbContextFactory<GatewayDbContext> dbFactory, OutboxSignal outboxSignal, IntakeGroupCommit intakeGroup, DeadlineBook deadlines, IOptions<IntakeOptions> options,
        TimeProvider clock, IntakeRateLimiter rateLimiter, Departments.CaseKeyCache caseKeys, ILoggerFactory loggers, CancellationToken ct)
    {
        var logger = loggers.CreateLogger("Gateway.Intake");
        // A JSON null goes on to the validator, which names it among the application's problems.
        var (request, malformed) = await RequestReading.ReadJsonAsync<ApplicationRequest>(http, "application", ct, options.Value.MaxBodyBytes,
            nullIsProblem: false);
        if (malformed is not null) return malformed;

        var result = ApplicationValidator.Validate(request, catalogue);
        if (!result.IsValid)
            return Results.ValidationProblem(result.Errors, statusCode: 422, title: "The application is invalid",
                type: "https://gateway.local/problems/invalid-application");

        var application = result.Application!;
        var item = result.Item!;
        // A window submits for its own region, an applicant channel only for the applicant it vouches for.
        if (Channels.ChannelCaller.From(http.User) is not { } caller || !caller.MayActOn(application.ApplyingWindow.RegionCode, application.Applicant.IdNumber))
            return Results.Problem(statusCode: 403, title: "Not this channel's application",
                detail: "This channel may submit only for windows of its own region or for the applicant its token vouches for; nothing was stored.",
                type: "https://gateway.local/problems/channel-not-allowed");
        // Keyed on the authenticated channel as well: a caller cannot spend another channel's allowance by naming its window.
        if (!rateLimiter.TryTake($"{caller}/{application.ApplyingWindow.RegionCode}/{application.ApplyingWindow.WindowId}"))
        {
            http.Response.Headers.RetryAfter = "1";
            return Results.Problem(statusCode: 429, title: "Too many applications from this window",
                detail: $"Window {application.ApplyingWindow.WindowId} ({application.ApplyingWindow.RegionCode}) submitted more than " +
                        $"{options.Value.PerWindowPerMinute} applications a minute; nothing was stored. Try again in a moment.",
                type: "https://gateway.local/problems/rate-limited");
        }
        var members = result.Bundle is { } b ? b.Members.Select(m => catalogue.Item(m.ItemCode)!).ToList() : [item];
        foreach (var member in members)
        {
            var department = catalogue.Department(member.DepartmentCode)!;
            if (!adapters.Supports(department.Protocol))
                return Results.Problem(statusCode: 422, title: "Department not connected",
                    detail: $"Item {member.Code} belongs to {department.Code} ({department.Name}), reached over '{department.Protocol}', " +
                            $"which this gateway cannot dispatch to yet (connected protocols: {string.Join(", ", adapters.Protocols)}).",
                    type: "https://gateway.local/problems/department-not-connected");
        }

        if (result.Bundle is not null)
        {
            var together = request!.Delivery?.Together ?? true;
            var bundleHash = Convert.ToHexStringLower(SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(new { application, together }, Json)));
            return await Bundles.BundleIntake.SubmitAsync(result, together, bundleHash, catalogue, dbFactory, outboxSignal, deadlines, caseKeys, logger, ct);
        }
        var requestHash = Convert.ToHexStringLower(SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(application, Json)));

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (await JointTesting.CrossRegionGate.RefusalAsync(db, item.Code, application.ApplyingWindow.RegionCode, ct) is { } notLive)
            return Results.Problem(statusCode: 422, title: "Item not live for cross-region applications", detail: notLive,
                type: "https://gateway.local/problems/not-live-cross-region");
        var existing = await db.Applications.AsNoTracking().FirstOrDefaultAsync(a => a.IdempotencyKey == application.IdempotencyKey, ct);
        if (existing is not null) return Replay(existing, requestHash);
        IReadOnlyList<Licences.LicenceExemptions.Exemption> exempted = [];
        if (!result.IsComplete)
        {
            (result, exempted) = await Licences.LicenceExemptions.ApplyAsync(db, result, Calendar.WorkingDayCalendar.BeijingDate(clock.GetUtcNow().UtcDateTime), ct);
            application = result.Application!;
        }
        if (!result.IsComplete) return await OneTimeNotices.IssueAsync(db, application, item, result.Incomplete, requestHash, logger, ct);
        var tolerated = result.Tolerated;
        var paperToPost = item.Materials.Where(m => m.PaperArchive && application.Materials.Any(g => g.Code == m.Code && g.Medium == Media.Paper)).ToList();

        var now = DateTime.UtcNow;
        var record = new ApplicationRecord
        {
            CaseId = Guid.NewGuid(),
            CaseNo = "pending-" + Guid.NewGuid().ToString("N"),
            IdempotencyKey = application.IdempotencyKey,
            RequestHash = requestHash,
            ItemCode = item.Code,
            ItemName = item.Name,
            ItemVersion = item.Version,
            DepartmentCode = item.DepartmentCode,
            RegionCode = application.ApplyingWindow.RegionCode,
            WindowId = application.ApplyingWindow.WindowId,
            ApplicantName = application.Applicant.Name,
            Payload = JsonSerializer.Serialize(application, Json),
            SubmittedAt = now,
            ToleratedMaterials = tolerated.Count > 0 ? JsonSerializer.Serialize(tolerated.Select(m => m.Code), Json) : null,
            CommitmentSha256 = result.CommitmentSha256,
            Simulated = application.Simulated,
        };

        try
        {
            // Stored with the applications of other requests that came in meanwhile, in one transaction.
            await intakeGroup.WriteAsync(record, (unit, stored) =>
            {
                stored.CaseNo = CaseNumbers.Format(application.ApplyingWindow.RegionCode, now, stored.Id);
                // The case's trace starts here; it is kept with the case for the reports that come in later.
                using var span = GatewayTracing.StartCaseSpan($"intake {item.Code}", System.Diagnostics.ActivityKind.Internal, stored.CaseNo,
                    department: item.DepartmentCode);
                stored.TraceParent = GatewayTracing.CurrentTraceParent();
                unit.Timeline.Add(new TimelineEntry
                {
                    CaseId = stored.CaseId, OccurredAt = now, RecordedAt = now, Status = CaseStatuses.Submitted, Step = StepCodes.Intake,
                    Title = $"Submitted at window {application.ApplyingWindow.WindowId} ({application.ApplyingWindow.RegionCode})",
                    Detail = $"{item.Name} (v{item.Version}), {application.Materials.Count} material(s)" +
                             (tolerated.Count == 0 ? "" : $"; 容缺受理 on the signed commitment, to supply: {string.Join(", ", tolerated.Select(m => $"{m.Code} {m.Name}"))}") +
                             (paperToPost.Count == 0 ? "" : $"; paper to post to the department: {string.Join(", ", paperToPost.Select(m => m.Name))}") +
                             (exempted.Count == 0 ? "" : $"; 免提交 from the e-licence store: {string.Join(", ", exempted.Select(e => $"{e.MaterialCode} {e.MaterialName} ← {e.LicenceType} {e.LicenceNo}"))}"),
                    Source = "intake", SourceId = "intake",
                });
                Feed.FeedWriter.Case(unit, stored.CaseId, stored.CaseNo, item.Code, item.DepartmentCode, CaseStatuses.Submitted, now, simulated: application.Simulated);
                if (tolerated.Count > 0)
                    deadlines.Open(unit, stored.CaseId, stored.CaseNo, item.DepartmentCode, DeadlineKinds.MaterialSupplement, now, tolerated.Max(m => m.SupplementDays));
                if (paperToPost.Count > 0)
                    deadlines.Open(unit, stored.CaseId, stored.CaseNo, item.DepartmentCode, DeadlineKinds.PaperPosting, now, 1);
                OutboxWriter.Publish(unit, new ApplicationSubmitted(stored.CaseId, stored.CaseNo, item.Code, item.DepartmentCode, now, application, item.Version,
                    result.WindowDecision));
            });
        }
        catch (DbUpdateException)
        {
            // Most likely the same idempotency key committed by a concurrent request: answer with that case.
            await using var again = await dbFactory.CreateDbContextAsync(CancellationToken.None);
            existing = await again.Applications.AsNoTracking().FirstOrDefaultAsync(a => a.IdempotencyKey == application.IdempotencyKey, CancellationToken.None);
            if (existing is not null) return Replay(existing, requestHash);
            throw;
        }
        caseKeys.Remember(Departments.CaseKeys.Of(record));

        logger.LogDebug("Case {CaseNo} submitted for item {ItemCode} by applicant {IdNumber} at window {WindowId}",
            record.CaseNo, item.Code, Masking.IdNumber(application.Applicant.IdNumber), application.ApplyingWindow.WindowId);
        return Results.Accepted($"/api/applications/{record.CaseNo}", new SubmissionResponse(record.CaseNo, CaseStatuses.Submitted, false));
    }

    static IResult Replay(ApplicationRecord existing, string requestHash) =>
        existing.RequestHash == requestHash
            ? Results.Accepted($"/api/applications/{existing.CaseNo}", new SubmissionResponse(existing.CaseNo, CaseStatuses.Submitted, true))
            : Results.Problem(statusCode: 409, title: "Idempotency key reused",
                detail: $"Idempotency key '{existing.IdempotencyKey}' was already used for a different application. " +
                        "Use a new key for a new application.",
                type: "https://gateway.local/problems/idempotency-conflict");

    public sealed record SubmissionResponse(string CaseNo, string Status, bool Replayed);
}

/// <summary>Configuration section <c>Intake</c>.</summary>
public sealed class IntakeOptions
{
    public const string Section = "Intake";
    /// <summary>Largest application body accepted, in bytes (materials travel base64-encoded inside it).</summary>
    [Range(1024, 1_000_000_000)]
    public long MaxBodyBytes { get; set; } = 30_000_000;
    /// <summary>Applications one applying window may submit per minute (a burst of as many; then they refill evenly); 0: no limit.</summary>
    [Range(0, 1_000_000)]
    public int PerWindowPerMinute { get; set; } = 120;
}

/// <summary>
/// Intake's rate limit per applying window (token bucket, <see cref="IntakeOptions.PerWindowPerMinute"/>), so one window's runaway
/// client cannot crowd out the others. Kept per host.
/// </summary>
public sealed class IntakeRateLimiter : IDisposable
{
    readonly System.Threading.RateLimiting.PartitionedRateLimiter<string>? _limiter;

    public IntakeRateLimiter(IOptions<IntakeOptions> options)
    {
        var perMinute = options.Value.PerWindowPerMinute;
        if (perMinute <= 0) return;
        _limiter = System.Threading.RateLimiting.PartitionedRateLimiter.Create<string, string>(window =>
            System.Threading.RateLimiting.RateLimitPartition.GetTokenBucketLimiter(window, _ => new System.Threading.RateLimiting.TokenBucketRateLimiterOptions
            {
                TokenLimit = perMinute, TokensPerPeriod = Math.Max(1, perMinute / 60), ReplenishmentPeriod = TimeSpan.FromSeconds(Math.Max(1, 60.0 / perMinute)),
                QueueLimit = 0, AutoReplenishment = true,
            }));
    }

    /// <summary>Whether the window may submit now.</summary>
    public bool TryTake(string windowKey)
    {
        if (_limiter is null) return true;
        using var lease = _limiter.AttemptAcquire(windowKey);
        return lease.IsAcquired;
    }

    public void Dispose() => _limiter?.Dispose();
}

/// <summary>Case numbers (申办号): region of the applying window, date in Beijing time, and the gateway-wide sequence.</summary>
public static class CaseNumbers
{
    public static string Format(string regionCode, DateTime submittedUtc, long sequence) =>
        $"{regionCode}{Gateway.Mappings.BeijingTime.Format(submittedUtc, "yyyyMMdd")}{sequence:D8}";
}
