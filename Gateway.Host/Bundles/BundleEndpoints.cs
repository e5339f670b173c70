using Gateway.Host.Channels;
using Gateway.Contracts.Applications;
using Gateway.Contracts.Messages;
using Gateway.Host.Cases;
using Gateway.Host.Catalogue;
using Gateway.Host.Intake;
using Gateway.Host.Messaging;
using Gateway.Host.Messaging.Outbox;
using Gateway.Host.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Gateway.Host.Bundles;

/// <summary>
/// A bundle after intake: <c>GET /api/bundles/{bundleNo}</c> (members and their states), <c>GET /api/bundles/{bundleNo}/graph.svg</c>
/// (the dependency graph), <c>POST /api/bundles/{bundleNo}/withdrawal</c> (every member not yet decided is withdrawn) and
/// <c>POST /api/bundles/{bundleNo}/delivery</c> (every member's result delivered together, once all have ended).
/// </summary>
public static class BundleEndpoints
{
    public static IEndpointRouteBuilder MapBundles(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/bundles/{bundleNo}", async (string bundleNo, IDbContextFactory<GatewayDbContext> dbFactory, ServiceCatalogue catalogue,
            CancellationToken ct) =>
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            return await BundleView.LoadAsync(db, bundleNo, catalogue, ct) is { } view ? Results.Ok(view) : Unknown(bundleNo);
        }).WithTags("Bundles").RequireAuthorization(Channels.ChannelScopes.Policy(Channels.ChannelScopes.Read)).ForBundle()
            .WithName("getBundle")
            .WithSummary("查询一件事 / Get a bundle")
            .WithDescription("The bundle's state and, per member, the case's live state, its prerequisites and whether it still waits for them " +
                             "(pre-review), dispatch, release and decision times, licence and reasons.")
            .Produces<BundleView>();
        app.MapGet("/api/bundles/{bundleNo}/graph.svg", async (string bundleNo, IDbContextFactory<GatewayDbContext> dbFactory, ServiceCatalogue catalogue,
            CancellationToken ct) =>
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            return await BundleView.LoadAsync(db, bundleNo, catalogue, ct) is { } view
                ? Results.Text(BundleGraph.Render(view), "image/svg+xml; charset=utf-8")
                : Unknown(bundleNo);
        }).WithTags("Bundles").RequireAuthorization(Channels.ChannelScopes.Policy(Channels.ChannelScopes.Read)).ForBundle()
            .WithName("getBundleGraph")
            .WithSummary("一件事依赖图 / A bundle's dependency graph")
            .WithDescription("The members and their dependencies as an SVG picture, each member coloured by its state.")
            .Produces<string>(StatusCodes.Status200OK, "image/svg+xml");
        app.MapPost("/api/bundles/{bundleNo}/withdrawal", Withdraw).WithTags("Bundles").RequireAuthorization(Channels.ChannelScopes.Policy(Channels.ChannelScopes.Act)).ForBundle()
            .WithName("withdrawBundle")
            .WithSummary("撤回一件事 / Withdraw a bundle")
            .WithDescription("Every member not yet decided is withdrawn (撤回). A repeat answers 202 `replayed`; 409 when the bundle no longer runs " +
                             "or every member is decided.")
            .Accepts<CaseActionEndpoints.WithdrawalRequest>("application/json")
            .Produces<CaseActionEndpoints.ActionResponse>(StatusCodes.Status202Accepted)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity);
        app.MapPost("/api/bundles/{bundleNo}/delivery", Deliver).WithTags("Bundles").RequireAuthorization(Channels.ChannelScopes.Policy(Channels.ChannelScopes.Act)).ForBundle()
            .WithName("recordBundleDelivery")
            .WithSummary("一件事统一送达 / Record the delivery of a bundle's results together")
            .WithDescription("For a bundle whose applicant chose to receive the results together: every member's result delivered at once, when " +
                             "all have ended. 409 while a member is still open (named), or when the bundle delivers item by item (then each " +
                             "member case's own delivery is recorded).")
            .Accepts<CaseActionEndpoints.DeliveryRecordRequest>("application/json")
            .Produces<BundleDeliveryResponse>(StatusCodes.Status202Accepted)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity);
        return app;
    }

    static IResult Unknown(string bundleNo) => Results.Problem(statusCode: 404, title: "Unknown bundle", detail: $"No bundle {bundleNo} exists");

    static async Task<IResult> Withdraw(string bundleNo, HttpContext http, IDbContextFactory<GatewayDbContext> dbFactory, ServiceCatalogue catalogue,
        OutboxSignal signal, CancellationToken ct)
    {
        var (request, bad) = await RequestReading.ReadJsonAsync<CaseActionEndpoints.WithdrawalRequest>(http, "withdrawal", ct);
        if (bad is not null) return bad;
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(request!.Reason) || request.Reason.Length > 500) errors["reason"] = ["is required (at most 500 characters)"];
        if (string.IsNullOrWhiteSpace(request.RequestedBy) || request.RequestedBy.Length > 64)
            errors["requestedBy"] = ["is required: the window id, or the channel (online, app, terminal)"];
        if (errors.Count > 0) return CaseActionEndpoints.Invalid(errors);

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var view = await BundleView.LoadAsync(db, bundleNo, catalogue, ct);
        if (view is null) return Unknown(bundleNo);
        var record = await db.Bundles.AsNoTracking().FirstAsync(b => b.BundleNo == bundleNo, ct);
        return await CaseActionEndpoints.PublishOnceAsync(db, signal, bundleNo, "bundle-withdrawal",
            () => view.State != "Running"
                ? $"Bundle {bundleNo} is {view.State}: only a running bundle can be withdrawn"
                : view.Members.Any(m => CaseProgress.CanWithdraw(m.Status))
                    ? null
                    : $"Bundle {bundleNo}: every member is decided or ended already ({string.Join(", ", view.Members.Select(m => $"{m.ItemCode} {m.Status}"))})",
            () => new BundleWithdrawalRequested(record.BundleId, request.Reason!.Trim(), request.RequestedBy!.Trim(), DateTime.UtcNow), ct);
    }

    static async Task<IResult> Deliver(string bundleNo, HttpContext http, IDbContextFactory<GatewayDbContext> dbFactory, ServiceCatalogue catalogue,
        OutboxSignal signal, CancellationToken ct)
    {
        var (request, bad) = await RequestReading.ReadJsonAsync<CaseActionEndpoints.DeliveryRecordRequest>(http, "delivery", ct);
        if (bad is not null) return bad;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var view = await BundleView.LoadAsync(db, bundleNo, catalogue, ct);
        if (view is null) return Unknown(bundleNo);
        if (!view.DeliverTogether)
            return CaseActionEndpoints.Conflict($"Bundle {bundleNo} delivers each member's result as it comes: record each with POST /api/applications/{{caseNo}}/delivery");
        var open = view.Members.Where(m => !CaseProgress.IsFinal(m.Status)).ToList();
        if (open.Count > 0)
            return CaseActionEndpoints.Conflict($"Bundle {bundleNo} is delivered together once every member has ended; still open: " +
                                                string.Join(", ", open.Select(m => $"{m.ItemCode} ({m.CaseNo}) {m.Status}")));
        var deliverable = view.Members.Where(m => CaseProgress.CanDeliver(m.Status)).ToList();
        var bundle = catalogue.Bundle(view.BundleCode);
        var offered = (bundle is null ? null : BundleForms.AsItem(bundle, catalogue).DeliveryMethods) ?? DeliveryMethods.All;
        var errors = CaseActionEndpoints.DeliveryProblems(request!, offered, $"bundle {view.BundleCode}",
            deliverable.Count > 0 && deliverable.All(m => m.LicenceNo is not null));
        if (errors.Count > 0) return CaseActionEndpoints.Invalid(errors);
        if (deliverable.Count == 0) return CaseActionEndpoints.Conflict($"Bundle {bundleNo} has no result to deliver (every member was withdrawn or stopped)");

        var applications = await db.Applications.AsNoTracking().Where(a => deliverable.Select(m => m.CaseNo).Contains(a.CaseNo))
            .ToDictionaryAsync(a => a.CaseNo, ct);
        var now = DateTime.UtcNow;
        var replayed = true;
        foreach (var m in deliverable)
        {
            var messageId = DeterministicGuid.From($"delivery:{m.CaseNo}");
            if (await db.Outbox.AsNoTracking().AnyAsync(o => o.MessageId == messageId, ct)) continue;
            OutboxWriter.Publish(db, new DeliveryRecorded(applications[m.CaseNo].CaseId, request!.Method!, request.TrackingNo, request.WindowId?.Trim(),
                request.RecordedBy!.Trim(), now), messageId);
            replayed = false;
        }
        await db.SaveChangesAsync(ct);
        signal.Notify();
        return Results.Accepted($"/api/bundles/{bundleNo}", new BundleDeliveryResponse(bundleNo, "delivery", replayed, deliverable.Select(m => m.CaseNo).ToList()));
    }
}
