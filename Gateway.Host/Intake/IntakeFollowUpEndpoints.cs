using Gateway.Host.Channels;
using System.Text.Json;
using System.Text.RegularExpressions;
using Gateway.Contracts.Applications;
using Gateway.Contracts.Messages;
using Gateway.Contracts.Status;
using Gateway.Host.Catalogue;
using Gateway.Host.Deadlines;
using Gateway.Host.Messaging;
using Gateway.Host.Messaging.Outbox;
using Gateway.Host.Persistence;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Gateway.Host.Intake;

/// <summary>
/// What the applying window owes after intake:
/// <c>POST /api/applications/{caseNo}/supplements</c>: the materials a 容缺 intake went ahead without, supplied (they go to the
/// department; the supplement limit closes);
/// <c>POST /api/applications/{caseNo}/paper-posting</c>: the paper the department keeps, posted (the 1-working-day limit closes).
/// </summary>
public static class IntakeFollowUpEndpoints
{
    static readonly JsonSerializerOptions Json = JsonSerializerOptions.Web;

    public sealed class SupplementRequest
    {
        public List<MaterialRequest?>? Materials { get; set; }
    }

    public sealed record PostingRequest(string? TrackingNo, string? PostedBy);

    public static IEndpointRouteBuilder MapIntakeFollowUps(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/applications/{caseNo}/supplements", Supplement).WithTags("Intake").RequireAuthorization(Channels.ChannelScopes.Policy(Channels.ChannelScopes.Act)).ForCase()
            .WithName("supplyMaterials")
            .WithSummary("容缺补交材料 / Supply the materials a 容缺 intake went without")
            .WithDescription("The materials the case was taken without on the applicant's signed commitment (容缺受理), all at once: they go " +
                             "to the department and the supplement limit closes. 409 when nothing is owed.")
            .Accepts<SupplementRequest>("application/json")
            .Produces<SupplementResponse>(StatusCodes.Status202Accepted)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity);
        app.MapPost("/api/applications/{caseNo}/paper-posting", Posted).WithTags("Intake").RequireAuthorization(Channels.ChannelScopes.Policy(Channels.ChannelScopes.Act)).ForCase()
            .WithName("recordPaperPosting")
            .WithSummary("纸质材料寄出 / Record the posting of paper materials")
            .WithDescription("The window posted the paper originals the department keeps: the 1-working-day limit closes; the answer says " +
                             "whether in time. A posting already recorded answers `replayed`; 409 when the case has no paper to post.")
            .Produces<PostingResponse>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity);
        return app;
    }

    static async Task<IResult> Supplement(string caseNo, HttpContext http, ServiceCatalogue catalogue, IDbContextFactory<GatewayDbContext> dbFactory,
        OutboxSignal signal, IOptions<IntakeOptions> options, CancellationToken ct)
    {
        var (request, bad) = await RequestReading.ReadJsonAsync<SupplementRequest>(http, "supplement", ct, options.Value.MaxBodyBytes);
        if (bad is not null) return bad;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var application = await db.Applications.FirstOrDefaultAsync(a => a.CaseNo == caseNo, ct);
        if (application is null) return Results.Problem(statusCode: 404, title: "Unknown case", detail: $"No case {caseNo} exists");
        var owed = application.ToleratedMaterials is null ? [] : JsonSerializer.Deserialize<List<string>>(application.ToleratedMaterials, Json) ?? [];
        var open = await db.Deadlines.AnyAsync(d => d.CaseId == application.CaseId && d.Kind == DeadlineKinds.MaterialSupplement && d.ClosedAt == null, ct);
        if (owed.Count == 0 || !open)
            return Results.Problem(statusCode: 409, title: "Nothing to supplement",
                detail: owed.Count == 0 ? $"Case {caseNo} was not taken under 容缺" : $"The 容缺 materials of case {caseNo} were already supplied, or the case ended",
                type: "https://gateway.local/problems/case-state");

        var errors = new Dictionary<string, List<string>>();
        void Error(string field, string message) => (errors.TryGetValue(field, out var l) ? l : errors[field] = []).Add(message);
        var supplied = ApplicationValidator.ValidateMaterials(request?.Materials, catalogue.Item(application.ItemCode, application.ItemVersion), Error);
        var missing = owed.Where(code => supplied.All(m => m.Code != code)).ToList();
        if (missing.Count > 0) Error("materials", $"supply every material the case went ahead without, all at once: {string.Join(", ", missing)}");
        var extra = supplied.Where(m => !owed.Contains(m.Code)).Select(m => m.Code).ToList();
        if (extra.Count > 0) Error("materials", $"not owed under 容缺 (use the corrections if the department asks for them): {string.Join(", ", extra)}");
        if (errors.Count > 0)
            return Results.ValidationProblem(errors.ToDictionary(e => e.Key, e => e.Value.ToArray()), statusCode: 422, title: "The supplement is invalid",
                type: "https://gateway.local/problems/invalid-supplement");

        var current = JsonSerializer.Deserialize<CanonicalApplication>(application.CorrectedPayload ?? application.Payload, Json)!;
        var updated = RequestReading.WithMaterials(current, supplied);
        application.CorrectedPayload = JsonSerializer.Serialize(updated, Json);
        OutboxWriter.Publish(db, new MaterialsSupplemented(application.CaseId, owed, DateTime.UtcNow, updated), DeterministicGuid.From($"supplement:{caseNo}"));
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            return Results.Accepted($"/api/applications/{caseNo}", new SupplementResponse(caseNo, null, true));   // supplied by a concurrent request
        }
        signal.Notify();
        return Results.Accepted($"/api/applications/{caseNo}", new SupplementResponse(caseNo, owed, false));
    }

    static async Task<IResult> Posted(string caseNo, PostingRequest? request, IDbContextFactory<GatewayDbContext> dbFactory, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        if (!RequestReading.IsPostalTrackingNumber(request?.TrackingNo))
            errors["trackingNo"] = ["the postal tracking number (13 characters, e.g. EA123456789CN)"];
        if (string.IsNullOrWhiteSpace(request?.PostedBy) || request.PostedBy.Length > 64) errors["postedBy"] = ["is required (the window that posted it)"];
        if (errors.Count > 0) return Results.ValidationProblem(errors, statusCode: 422, title: "The posting is invalid");

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var application = await db.Applications.AsNoTracking().FirstOrDefaultAsync(a => a.CaseNo == caseNo, ct);
        if (application is null) return Results.Problem(statusCode: 404, title: "Unknown case", detail: $"No case {caseNo} exists");
        var limit = await db.Deadlines.FirstOrDefaultAsync(d => d.CaseId == application.CaseId && d.Kind == DeadlineKinds.PaperPosting, ct);
        if (limit is null) return Results.Problem(statusCode: 409, title: "No paper to post", detail: $"Case {caseNo} has no paper the department keeps");
        if (limit.ClosedAt is not null) return Results.Ok(new PostingResponse(caseNo, null, null, true));
        var now = DateTime.UtcNow;
        limit.ClosedAt = now;
        limit.Outcome = "met";
        var state = await db.Cases.AsNoTracking().Where(c => c.CorrelationId == application.CaseId).Select(c => c.CurrentState).FirstOrDefaultAsync(ct);
        db.Timeline.Add(new TimelineEntry
        {
            CaseId = application.CaseId, OccurredAt = now, RecordedAt = now, Status = state ?? CaseStatuses.Received, Step = StepCodes.Intake,
            Title = $"Paper materials posted to {application.DepartmentCode} (纸质材料寄出)" + (now > limit.DueAt ? ", after the limit" : ""),
            Detail = $"tracking number {request!.TrackingNo}, by {request.PostedBy}", Source = "window", SourceId = "paper-posting",
        });
        await db.SaveChangesAsync(ct);
        return Results.Ok(new PostingResponse(caseNo, request.TrackingNo, now <= limit.DueAt, null));
    }
}
