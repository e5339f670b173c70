using Gateway.Host.Channels;
using System.Text.Json;
using System.Text.RegularExpressions;
using Gateway.Contracts.Applications;
using Gateway.Contracts.Messages;
using Gateway.Contracts.Status;
using Gateway.Host.Cases;
using Gateway.Host.Catalogue;
using Gateway.Host.Messaging;
using Gateway.Host.Messaging.Outbox;
using Gateway.Host.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Gateway.Host.Intake;

/// <summary>
/// What the applicant (or the window on their behalf) does with a case after submitting it:
/// <c>POST /api/applications/{caseNo}/withdrawal</c> before the decision (撤回: the department is told, the case ends);
/// <c>POST /api/applications/{caseNo}/delivery</c> once it has a result (送达: closes the case);
/// <c>POST /api/applications/{caseNo}/rating</c> once it has ended (好差评, once per case).
/// Each is checked against the case's state here and again by the case saga; a repeat of the same request is answered as before.
/// </summary>
public static class CaseActionEndpoints
{

    // Requests: a parameter with a default may be left out (the API document lists the others as required).
    public sealed record WithdrawalRequest(string? Reason, string? RequestedBy);
    public sealed record DeliveryRecordRequest(string? Method, string? RecordedBy, string? TrackingNo = null, string? WindowId = null);
    public sealed record RatingRequest(int? Score, string? Comment = null);
    public sealed record ActionResponse(string CaseNo, string Action, bool Replayed);

    public static IEndpointRouteBuilder MapCaseActions(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/applications/{caseNo}/withdrawal", Withdraw).WithTags("Intake").RequireAuthorization(Channels.ChannelScopes.Policy(Channels.ChannelScopes.Act)).ForCase()
            .WithName("withdrawCase")
            .WithSummary("撤回申请 / Withdraw an application")
            .WithDescription("Withdraws the case before its decision (撤回): the department is told over its own protocol and the case ends " +
                             "`Withdrawn`. A repeat answers 202 `replayed`; 409 once decided.")
            .Accepts<WithdrawalRequest>("application/json")
            .DescribesCaseAction(StatusCodes.Status202Accepted);
        app.MapPost("/api/applications/{caseNo}/delivery", Deliver).WithTags("Intake").RequireAuthorization(Channels.ChannelScopes.Policy(Channels.ChannelScopes.Act)).ForCase()
            .WithName("recordCaseDelivery")
            .WithSummary("登记送达 / Record the delivery of a result")
            .WithDescription("The result reached the applicant (送达) by a method the item offers: posted (with its 13-character tracking number), " +
                             "picked up at a window (with its id), printed at a terminal, or the e-licence downloaded. The case ends `Delivered`. " +
                             "409 before there is a result, or for a member of a bundle delivered together.")
            .Accepts<DeliveryRecordRequest>("application/json")
            .DescribesCaseAction(StatusCodes.Status202Accepted);
        app.MapPost("/api/applications/{caseNo}/rating", Rate).WithTags("Intake").RequireAuthorization(Channels.ChannelScopes.Policy(Channels.ChannelScopes.Act)).ForCase()
            .WithName("rateCase")
            .WithSummary("好差评 / Rate a case")
            .WithDescription("The applicant's rating of an ended case, 1 (very dissatisfied) to 5 (very satisfied); a rating of 1 or 2 needs a " +
                             "comment (差评须说明原因). Once per case: 409 before the end or the second time.")
            .Accepts<RatingRequest>("application/json")
            .DescribesCaseAction(StatusCodes.Status200OK);
        return app;
    }

    static async Task<IResult> Withdraw(string caseNo, HttpContext http, IDbContextFactory<GatewayDbContext> dbFactory, OutboxSignal signal,
        CancellationToken ct)
    {
        var (request, bad) = await RequestReading.ReadJsonAsync<WithdrawalRequest>(http, "withdrawal", ct);
        if (bad is not null) return bad;
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(request!.Reason) || request.Reason.Length > 500) errors["reason"] = ["is required (at most 500 characters)"];
        if (string.IsNullOrWhiteSpace(request.RequestedBy) || request.RequestedBy.Length > 64)
            errors["requestedBy"] = ["is required: the window id, or the channel (online, app, terminal)"];
        if (errors.Count > 0) return Invalid(errors);

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var (application, saga, missing) = await LoadAsync(db, caseNo, ct);
        if (missing is not null) return missing;
        return await PublishOnceAsync(db, signal, caseNo, "withdrawal",
            () => CaseProgress.CanWithdraw(saga!.CurrentState) && saga.DecidedAt is null
                ? null
                : $"Case {caseNo} is {saga.CurrentState}: only a case without a decision can be withdrawn",
            () => new WithdrawalRequested(application.CaseId, request.Reason!.Trim(), request.RequestedBy!.Trim(), DateTime.UtcNow), ct);
    }

    static async Task<IResult> Deliver(string caseNo, HttpContext http, IDbContextFactory<GatewayDbContext> dbFactory, ServiceCatalogue catalogue,
        OutboxSignal signal, CancellationToken ct)
    {
        var (request, bad) = await RequestReading.ReadJsonAsync<DeliveryRecordRequest>(http, "delivery", ct);
        if (bad is not null) return bad;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var (application, saga, missing) = await LoadAsync(db, caseNo, ct);
        if (missing is not null) return missing;

        if (application.BundleId is { } bundleId
            && await db.Bundles.AsNoTracking().FirstOrDefaultAsync(b => b.BundleId == bundleId && b.DeliverTogether, ct) is { } bundle)
            return Conflict($"Case {caseNo} belongs to bundle {bundle.BundleNo}, whose results the applicant chose to receive together: " +
                            $"record the delivery with POST /api/bundles/{bundle.BundleNo}/delivery once every member has ended");
        var offered = catalogue.Item(application.ItemCode, application.ItemVersion)?.DeliveryMethods ?? DeliveryMethods.All;
        var errors = DeliveryProblems(request!, offered, $"item {application.ItemCode}", saga!.LicenceNo is not null);
        if (errors.Count > 0) return Invalid(errors);

        return await PublishOnceAsync(db, signal, caseNo, "delivery",
            () => CaseProgress.CanDeliver(saga!.CurrentState) ? null : $"Case {caseNo} is {saga.CurrentState}: there is no result to deliver yet",
            () => new DeliveryRecorded(application.CaseId, request!.Method!, request.TrackingNo, request.WindowId?.Trim(), request.RecordedBy!.Trim(),
                DateTime.UtcNow), ct);
    }

    /// <summary>What is wrong with a delivery record, for a result offered by <paramref name="offered"/> methods.</summary>
    internal static Dictionary<string, string[]> DeliveryProblems(DeliveryRecordRequest request, IReadOnlyList<string> offered, string what, bool hasLicence)
    {
        var errors = new Dictionary<string, string[]>();
        if (request.Method is null || !DeliveryMethods.All.Contains(request.Method))
            errors["method"] = [$"must be one of {string.Join(", ", DeliveryMethods.All)}"];
        else if (!offered.Contains(request.Method)) errors["method"] = [$"{what} delivers by {string.Join(", ", offered)} only"];
        else if (request.Method == DeliveryMethods.Post && !RequestReading.IsPostalTrackingNumber(request.TrackingNo))
            errors["trackingNo"] = ["a posted result needs its postal tracking number (13 characters, e.g. EA123456789CN)"];
        else if (request.Method is DeliveryMethods.PickupAtApplyingWindow or DeliveryMethods.PickupAtOwningWindow && string.IsNullOrWhiteSpace(request.WindowId))
            errors["windowId"] = ["a result picked up at a window needs that window's id"];
        else if (request.Method == DeliveryMethods.ElectronicLicence && !hasLicence)
            errors["method"] = ["there is no e-licence to download"];
        if (string.IsNullOrWhiteSpace(request.RecordedBy) || request.RecordedBy.Length > 64) errors["recordedBy"] = ["is required (who recorded the delivery)"];
        return errors;
    }

    static async Task<IResult> Rate(string caseNo, HttpContext http, IDbContextFactory<GatewayDbContext> dbFactory, CancellationToken ct)
    {
        var (request, bad) = await RequestReading.ReadJsonAsync<RatingRequest>(http, "rating", ct);
        if (bad is not null) return bad;
        var errors = new Dictionary<string, string[]>();
        if (request!.Score is not (>= 1 and <= 5)) errors["score"] = ["must be 1 (very dissatisfied) to 5 (very satisfied)"];
        if (request.Comment is { Length: > 500 }) errors["comment"] = ["at most 500 characters"];
        if (request.Score is <= 2 && string.IsNullOrWhiteSpace(request.Comment)) errors["comment"] = ["a low rating needs a comment saying what went wrong (差评须说明原因)"];
        if (errors.Count > 0) return Invalid(errors);

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var (application, saga, missing) = await LoadAsync(db, caseNo, ct);
        if (missing is not null) return missing;
        if (!CaseProgress.IsFinal(saga!.CurrentState))
            return Conflict($"Case {caseNo} is {saga.CurrentState}: a case is rated once it has ended");
        if (await db.Ratings.AnyAsync(r => r.CaseId == application.CaseId, ct)) return Conflict($"Case {caseNo} was already rated; a case is rated once");
        var now = DateTime.UtcNow;
        db.Ratings.Add(new CaseRating
        {
            CaseId = application.CaseId, CaseNo = caseNo, DepartmentCode = application.DepartmentCode, WindowId = application.WindowId,
            Score = request.Score!.Value, Comment = request.Comment?.Trim(), RatedAt = now,
        });
        db.Timeline.Add(new TimelineEntry
        {
            CaseId = application.CaseId, OccurredAt = now, RecordedAt = now, Status = saga.CurrentState, Step = StepCodes.Completion,
            Title = $"Rated {request.Score} of 5 by the applicant (好差评)", Detail = request.Comment, Source = "applicant", SourceId = "rating",
        });
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            return Conflict($"Case {caseNo} was already rated; a case is rated once");
        }
        return Results.Ok(new ActionResponse(caseNo, "rating", false));
    }

    static async Task<(ApplicationRecord Application, CaseState? Saga, IResult? Problem)> LoadAsync(GatewayDbContext db, string caseNo, CancellationToken ct)
    {
        var application = await db.Applications.AsNoTracking().FirstOrDefaultAsync(a => a.CaseNo == caseNo, ct);
        if (application is null) return (null!, null, Results.Problem(statusCode: 404, title: "Unknown case", detail: $"No case {caseNo} exists"));
        var saga = await db.Cases.AsNoTracking().FirstOrDefaultAsync(c => c.CorrelationId == application.CaseId, ct);
        return saga is null
            ? (application, null, Conflict($"Case {caseNo} is still being received; try again in a moment"))
            : (application, saga, null);
    }

    /// <summary>Publishes the action's event once per case: a repeat is answered as replayed; a state that forbids it is a conflict.</summary>
    internal static async Task<IResult> PublishOnceAsync(GatewayDbContext db, OutboxSignal signal, string caseNo, string action, Func<string?> refusal,
        Func<object> message, CancellationToken ct)
    {
        var messageId = DeterministicGuid.From($"{action}:{caseNo}");
        if (await db.Outbox.AsNoTracking().AnyAsync(o => o.MessageId == messageId, ct))
            return Results.Accepted($"/api/applications/{caseNo}", new ActionResponse(caseNo, action, true));
        if (refusal() is { } why) return Conflict(why);
        OutboxWriter.Publish(db, message(), messageId);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            return Results.Accepted($"/api/applications/{caseNo}", new ActionResponse(caseNo, action, true));
        }
        signal.Notify();
        return Results.Accepted($"/api/applications/{caseNo}", new ActionResponse(caseNo, action, false));
    }

    /// <summary>What every case action answers: its receipt, or malformed JSON, a state that forbids it, an invalid request.</summary>
    static RouteHandlerBuilder DescribesCaseAction(this RouteHandlerBuilder endpoint, int success) => endpoint
        .Produces<ActionResponse>(success)
        .ProducesProblem(StatusCodes.Status400BadRequest)
        .ProducesProblem(StatusCodes.Status409Conflict)
        .ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity);

    internal static IResult Invalid(Dictionary<string, string[]> errors) =>
        Results.ValidationProblem(errors, statusCode: 422, title: "The request is invalid", type: "https://gateway.local/problems/invalid-request");

    internal static IResult Conflict(string detail) =>
        Results.Problem(statusCode: 409, title: "Not possible in the case's state", detail: detail, type: "https://gateway.local/problems/case-state");
}
