using Gateway.Host.Channels;
using System.Text.Json;
using Gateway.Contracts.Applications;
using Gateway.Contracts.Identity;
using Gateway.Host.Catalogue;
using Gateway.Host.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Gateway.Host.Intake;

/// <summary>
/// One-time notices (一次性告知, 全省通办规则 第十七条): an application that lacks materials is not forwarded; the applicant gets one notice
/// listing everything it lacks, with a number to look it up again (<c>GET /api/notices/{noticeNo}</c>). The same request again
/// (same idempotency key, same content) gets the same notice.
/// </summary>
public static class OneTimeNotices
{
    static readonly JsonSerializerOptions Json = JsonSerializerOptions.Web;

    public sealed record NoticeView(string NoticeNo, string ItemCode, int ItemVersion, string ItemName, string ApplicantName, string ApplicantIdNumberMasked,
        string RegionCode, string WindowId, DateTime IssuedAt, IReadOnlyList<ApplicationValidator.NoticeItem> Items);

    public static IEndpointRouteBuilder MapOneTimeNotices(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/notices/{noticeNo}", async (string noticeNo, IDbContextFactory<GatewayDbContext> dbFactory, CancellationToken ct) =>
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            var notice = await db.OneTimeNotices.AsNoTracking().FirstOrDefaultAsync(n => n.NoticeNo == noticeNo, ct);
            return notice is null
                ? Results.Problem(statusCode: 404, title: "Unknown notice", detail: $"No one-time notice {noticeNo} was issued")
                : Results.Ok(View(notice));
        }).WithTags("Intake").RequireAuthorization(Channels.ChannelScopes.Policy(Channels.ChannelScopes.Read)).ForNotice()
            .WithName("getNotice")
            .WithSummary("查询一次性告知书 / Get a one-time notice")
            .WithDescription("A one-time notice (一次性告知) issued to an incomplete application: item, applicant (ID number masked), window, and " +
                             "every material to supply or correct.")
            .Produces<NoticeView>();
        return app;
    }

    static NoticeView View(OneTimeNotice n) => new(n.NoticeNo, n.ItemCode, n.ItemVersion, n.ItemName, n.ApplicantName,
        Masking.IdNumber(n.ApplicantIdNumber), n.RegionCode, n.WindowId, n.IssuedAt,
        JsonSerializer.Deserialize<List<ApplicationValidator.NoticeItem>>(n.Items, Json) ?? []);

    /// <summary>Stores the notice (or finds the one already issued for this very request) and answers 422 with it.</summary>
    public static async Task<IResult> IssueAsync(GatewayDbContext db, CanonicalApplication application, ServiceItem item,
        IReadOnlyList<ApplicationValidator.NoticeItem> items, string requestHash, ILogger logger, CancellationToken ct)
    {
        var notice = await db.OneTimeNotices.AsNoTracking()
            .FirstOrDefaultAsync(n => n.IdempotencyKey == application.IdempotencyKey && n.RequestHash == requestHash, ct);
        if (notice is null)
        {
            var now = DateTime.UtcNow;
            notice = new OneTimeNotice
            {
                NoticeNo = "pending-" + Guid.NewGuid().ToString("N"), IdempotencyKey = application.IdempotencyKey, RequestHash = requestHash,
                ItemCode = item.Code, ItemVersion = item.Version, ItemName = item.Name,
                RegionCode = application.ApplyingWindow.RegionCode, WindowId = application.ApplyingWindow.WindowId,
                ApplicantName = application.Applicant.Name, ApplicantIdNumber = application.Applicant.IdNumber,
                Items = JsonSerializer.Serialize(items, Json), IssuedAt = now,
            };
            try
            {
                await using var tx = await db.Database.BeginTransactionAsync(ct);
                db.OneTimeNotices.Add(notice);
                await db.SaveChangesAsync(ct);
                notice.NoticeNo = $"{notice.RegionCode}{Gateway.Mappings.BeijingTime.Format(now, "yyyyMMdd")}G{notice.Id:D7}";
                await db.SaveChangesAsync(ct);
                await tx.CommitAsync(ct);
            }
            catch (DbUpdateException)
            {
                // the same request, issued meanwhile by a concurrent call
                db.ChangeTracker.Clear();
                notice = await db.OneTimeNotices.AsNoTracking()
                    .FirstAsync(n => n.IdempotencyKey == application.IdempotencyKey && n.RequestHash == requestHash, CancellationToken.None);
            }
            logger.LogInformation("One-time notice {NoticeNo} for item {ItemCode} at window {WindowId}: {Count} item(s)", notice.NoticeNo, item.Code,
                notice.WindowId, items.Count);
        }
        var view = View(notice);
        return Results.Problem(statusCode: 422, title: "The application is incomplete (一次性告知)",
            detail: $"Nothing was forwarded. Supply everything listed, all at once, in a new submission: {string.Join("; ", view.Items.Select(i => i.Explanation))}",
            type: "https://gateway.local/problems/incomplete-application",
            extensions: new Dictionary<string, object?>
            {
                ["noticeNo"] = view.NoticeNo,
                ["notice"] = $"/api/notices/{view.NoticeNo}",
                ["items"] = view.Items,
            });
    }
}
