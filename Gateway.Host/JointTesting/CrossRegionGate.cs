using Gateway.Host.Catalogue;
using Gateway.Host.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Gateway.Host.ApiDescription;

namespace Gateway.Host.JointTesting;

/// <summary>
/// The go-live gate of cross-region handling (跨域通办): an item takes applications from windows outside its own city only once a
/// joint-test run recorded 5 of 5 simulated cases passed for it, confirmed by one person for each side.
/// <c>POST /api/catalogue/items/{code}/cross-region</c> (X-Api-Key <c>JointTest:GoLiveApiKey</c>) switches it on;
/// <c>GET</c> shows it; intake refuses cross-region applications for items not live.
/// </summary>
public static class CrossRegionGate
{
    public const int RequiredPassingCases = 5;

    /// <summary>An application is cross-region when its window's city (first 4 digits of the region code) is not the item's.</summary>
    public static bool IsCrossRegion(string itemCode, string windowRegionCode) =>
        itemCode.Length >= 4 && windowRegionCode.Length >= 4 && itemCode[..4].All(char.IsAsciiDigit) && itemCode[..4] != windowRegionCode[..4];

    public sealed record GoLiveRequest(string? RunId, string? ConfirmedByHub, string? ConfirmedByDepartment);

    public static IEndpointRouteBuilder MapCrossRegionGate(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/catalogue/items/{code}/cross-region", async (string code, IDbContextFactory<GatewayDbContext> dbFactory, CancellationToken ct) =>
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            var live = await db.CrossRegionGoLives.AsNoTracking().FirstOrDefaultAsync(g => g.ItemCode == code, ct);
            var runs = await db.JointTestRuns.AsNoTracking().Where(r => r.ItemCode == code).OrderByDescending(r => r.FinishedAt).Take(10)
                .Select(r => new JointTestRunSummary(r.RunId, r.Cases, r.Passed, r.FinishedAt)).ToListAsync(ct);
            return Results.Ok(new CrossRegionState(code, live is not null, live?.RunId, live?.ConfirmedByHub, live?.ConfirmedByDepartment, live?.LiveSince, runs));
        }).WithTags("Joint testing")
            .WithName("getCrossRegionState")
            .WithSummary("跨域通办上线状态 / An item's cross-region go-live state")
            .WithDescription("Whether the item takes applications from windows outside its city (跨域通办), on which passing joint-test run and " +
                             "whose confirmations, and its latest joint-test runs (模拟办件). Open to anyone.")
            .Produces<CrossRegionState>();

        app.MapPost("/api/catalogue/items/{code}/cross-region", async (string code, HttpContext http, ServiceCatalogue catalogue,
            IDbContextFactory<GatewayDbContext> dbFactory, IOptions<JointTestOptions> options, CancellationToken ct) =>
        {
            if (string.IsNullOrEmpty(options.Value.GoLiveApiKey) || http.Request.Headers["X-Api-Key"] != options.Value.GoLiveApiKey)
                return Results.Problem(statusCode: 401, title: "Not authorised", detail: "Switching an item live needs the operators' key (X-Api-Key, JointTest:GoLiveApiKey)");
            if (catalogue.Item(code) is null) return Results.Problem(statusCode: 404, title: "Unknown item", detail: $"No item {code} is in the catalogue");
            var (request, bad) = await Intake.RequestReading.ReadJsonAsync<GoLiveRequest>(http, "go-live request", ct);
            if (bad is not null) return bad;
            var errors = new Dictionary<string, string[]>();
            if (string.IsNullOrWhiteSpace(request!.RunId)) errors["runId"] = ["is required: the joint-test run that passed"];
            if (string.IsNullOrWhiteSpace(request.ConfirmedByHub) || request.ConfirmedByHub.Length > 64) errors["confirmedByHub"] = ["is required: who confirms for the hub"];
            if (string.IsNullOrWhiteSpace(request.ConfirmedByDepartment) || request.ConfirmedByDepartment.Length > 64)
                errors["confirmedByDepartment"] = ["is required: who confirms for the department"];
            if (errors.Count > 0) return Results.ValidationProblem(errors, statusCode: 422, title: "The go-live request is invalid");

            await using var db = await dbFactory.CreateDbContextAsync(ct);
            var run = await db.JointTestRuns.AsNoTracking().Where(r => r.ItemCode == code && r.RunId == request.RunId).OrderByDescending(r => r.Id).FirstOrDefaultAsync(ct);
            if (run is null)
                return Results.Problem(statusCode: 409, title: "No joint-test run recorded",
                    detail: $"Run {request.RunId} has no result for item {code}: run `jointtest --item {code}` first");
            if (run.Cases < RequiredPassingCases || run.Passed < run.Cases)
                return Results.Problem(statusCode: 409, title: "The joint-test run did not pass",
                    detail: $"Run {run.RunId} passed {run.Passed} of {run.Cases} simulated cases of {code}; going live needs {RequiredPassingCases} of {RequiredPassingCases}");
            var live = await db.CrossRegionGoLives.FirstOrDefaultAsync(g => g.ItemCode == code, ct);
            if (live is null) db.CrossRegionGoLives.Add(live = new CrossRegionGoLive { ItemCode = code });
            live.RunId = run.RunId;
            live.ConfirmedByHub = request.ConfirmedByHub!.Trim();
            live.ConfirmedByDepartment = request.ConfirmedByDepartment!.Trim();
            live.LiveSince = DateTime.UtcNow;
            await db.SaveChangesAsync(ct);
            return Results.Ok(new GoLiveResponse(code, true, live.RunId, live.ConfirmedByHub, live.ConfirmedByDepartment, live.LiveSince));
        }).WithTags("Joint testing").AuthenticatedBy(ApiDescription.CallerSchemes.OperatorsKey)
            .WithName("switchCrossRegionLive")
            .WithSummary("跨域通办上线 / Switch an item live for cross-region applications")
            .WithDescription("After a joint-test run passed 5 of 5 simulated cases, confirmed by one person for the hub and one for the department, " +
                             "the item takes applications from windows outside its city. Operators only (the operators' key); 409 without a " +
                             "passing run.")
            .Accepts<GoLiveRequest>("application/json")
            .Produces<GoLiveResponse>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity);
        return app;
    }

    /// <summary>Why intake refuses this application, if it is cross-region for an item not live; null otherwise.</summary>
    public static async Task<string?> RefusalAsync(GatewayDbContext db, string itemCode, string windowRegionCode, CancellationToken ct)
    {
        if (!IsCrossRegion(itemCode, windowRegionCode)) return null;
        if (await db.CrossRegionGoLives.AsNoTracking().AnyAsync(g => g.ItemCode == itemCode, ct)) return null;
        return $"Item {itemCode} is not yet open to applications from windows outside its city (跨域通办): the window is in {windowRegionCode}. " +
               $"An item goes live for cross-region handling after {RequiredPassingCases} successful simulated cases (模拟办件) confirmed by both sides.";
    }
}
