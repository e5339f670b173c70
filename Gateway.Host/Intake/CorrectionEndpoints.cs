using Gateway.Host.Channels;
using System.Text.Json;
using Gateway.Contracts.Applications;
using Gateway.Contracts.Messages;
using Gateway.Contracts.Status;
using Gateway.Host.Cases;
using Gateway.Host.Catalogue;
using Gateway.Host.Messaging;
using Gateway.Host.Messaging.Outbox;
using Gateway.Host.Persistence;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Gateway.Host.Intake;

/// <summary>
/// <c>POST /api/applications/{caseNo}/corrections</c>: the applicant (or the window on their behalf) answers the open correction
/// notice (补齐补正) with the corrected materials, all at once. The corrected application goes to the department and the case resumes.
/// Sending the same round again is answered with the first answer; a case not waiting for corrections refuses it.
/// </summary>
public static class CorrectionEndpoints
{
    static readonly JsonSerializerOptions Json = JsonSerializerOptions.Web;

    public static IEndpointRouteBuilder MapCorrections(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/applications/{caseNo}/corrections", Supply).WithTags("Intake").RequireAuthorization(Channels.ChannelScopes.Policy(Channels.ChannelScopes.Act)).ForCase()
            .WithName("supplyCorrections")
            .WithSummary("补齐补正 / Answer a correction notice")
            .WithDescription("Answers the open correction notice (补齐补正) with the corrected materials, all at once (every material the notice " +
                             "asks for online must be there), and remarks. The corrected application goes to the department and the case resumes. " +
                             "The same round again answers 202 `replayed`; 409 when the case is not awaiting corrections.")
            .Accepts<CorrectionRequest>("application/json")
            .Produces<CorrectionResponse>(StatusCodes.Status202Accepted)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity);
        return app;
    }

    public sealed class CorrectionRequest
    {
        public List<MaterialRequest?>? Materials { get; set; }
        public string? Remarks { get; set; }
    }

    public sealed record CorrectionResponse(string CaseNo, int Round, IReadOnlyList<string> SuppliedMaterialCodes, bool Replayed);

    static async Task<IResult> Supply(string caseNo, HttpContext http, ServiceCatalogue catalogue, IDbContextFactory<GatewayDbContext> dbFactory,
        OutboxSignal outboxSignal, IOptions<IntakeOptions> options, ILoggerFactory loggers, CancellationToken ct)
    {
        var (request, bad) = await RequestReading.ReadJsonAsync<CorrectionRequest>(http, "correction", ct, options.Value.MaxBodyBytes);
        if (bad is not null) return bad;

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var application = await db.Applications.FirstOrDefaultAsync(a => a.CaseNo == caseNo, ct);
        if (application is null) return Results.Problem(statusCode: 404, title: "Unknown case", detail: $"No case {caseNo} exists");
        var saga = await db.Cases.AsNoTracking().FirstOrDefaultAsync(c => c.CorrelationId == application.CaseId, ct);
        if (saga is null || saga.CorrectionRounds == 0)
            return NotWaiting(caseNo, saga?.CurrentState ?? CaseStatuses.Submitted, "no correction notice was issued for it");

        var round = saga.CorrectionRounds;
        var messageId = DeterministicGuid.From($"corrections:{caseNo}:{round}");
        if (await db.Outbox.AsNoTracking().AnyAsync(o => o.MessageId == messageId, ct))
            return Results.Accepted($"/api/applications/{caseNo}", new CorrectionResponse(caseNo, round, [], true));
        if (saga.CurrentState != CaseStatuses.AwaitingCorrection)
            return NotWaiting(caseNo, saga.CurrentState, $"correction round {round} is closed");

        var errors = new Dictionary<string, List<string>>();
        void Error(string field, string message) => (errors.TryGetValue(field, out var l) ? l : errors[field] = []).Add(message);
        var item = catalogue.Item(application.ItemCode, application.ItemVersion);
        var supplied = ApplicationValidator.ValidateMaterials(request!.Materials, item, Error);
        var asked = CorrectionList.FromJson(saga.CorrectionItems);
        var missing = asked.Where(c => c.MaterialCode is not null && c.Method == CorrectionMethods.Online && supplied.All(m => m.Code != c.MaterialCode))
            .Select(c => $"{c.MaterialCode} ({c.Description})").ToList();
        if (missing.Count > 0)
            Error("materials", "the correction notice asks for these online, all at once: " + string.Join("; ", missing));
        if ((request.Materials?.Count ?? 0) == 0 && string.IsNullOrWhiteSpace(request.Remarks))
            Error("materials", "supply the corrected materials, or remarks saying what was corrected (for instance what was posted)");
        if (request.Remarks is { Length: > 2000 }) Error("remarks", "at most 2000 characters");
        if (errors.Count > 0)
            return Results.ValidationProblem(errors.ToDictionary(e => e.Key, e => e.Value.ToArray()), statusCode: 422,
                title: "The corrections are invalid", type: "https://gateway.local/problems/invalid-corrections");

        var current = JsonSerializer.Deserialize<CanonicalApplication>(application.CorrectedPayload ?? application.Payload, Json)!;
        var codes = supplied.Select(m => m.Code).ToList();
        var corrected = RequestReading.WithMaterials(current, supplied);
        var now = DateTime.UtcNow;
        await using (var tx = await db.Database.BeginTransactionAsync(ct))
        {
            application.CorrectedPayload = JsonSerializer.Serialize(corrected, Json);
            OutboxWriter.Publish(db, new CorrectionsSupplied(application.CaseId, round, codes, request.Remarks?.Trim(), now, corrected), messageId);
            try
            {
                await db.SaveChangesAsync(ct);
                await tx.CommitAsync(ct);
            }
            catch (DbUpdateException)
            {
                // The same round committed by a concurrent request.
                return Results.Accepted($"/api/applications/{caseNo}", new CorrectionResponse(caseNo, round, codes, true));
            }
        }
        outboxSignal.Notify();
        loggers.CreateLogger("Gateway.Intake").LogInformation("Case {CaseNo}: corrections of round {Round} supplied ({Materials})", caseNo, round,
            string.Join(", ", codes));
        return Results.Accepted($"/api/applications/{caseNo}", new CorrectionResponse(caseNo, round, codes, false));
    }

    static IResult NotWaiting(string caseNo, string state, string why) =>
        Results.Problem(statusCode: 409, title: "Not waiting for corrections",
            detail: $"Case {caseNo} is {state}: {why}. Corrections are taken only while the case awaits them (AwaitingCorrection).",
            type: "https://gateway.local/problems/not-awaiting-corrections");
}
