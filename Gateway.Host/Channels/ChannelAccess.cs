using System.Text.Json;
using Gateway.Host.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Gateway.Host.Channels;

/// <summary>
/// Endpoint filters that let a channel reach only what is its own: a case (<c>{caseNo}</c>), a bundle (<c>{bundleNo}</c>), a licence
/// (<c>{licenceNo}</c>) or a one-time notice (<c>{noticeNo}</c>) of its region, or of the applicant it vouches for. Anything else is
/// answered exactly like something that does not exist (404), before the request is looked at: knowing a number grants nothing,
/// and no answer tells a missing number from someone else's.
/// </summary>
public static class ChannelAccess
{
    /// <summary>Where a resource was taken and for whom: its applying region, and (read only for applicant channels) its applicant's ID.</summary>
    sealed record Owner(string Region, Func<string?> Applicant);

    public static RouteHandlerBuilder ForCase(this RouteHandlerBuilder endpoint) =>
        endpoint.Guard("caseNo", "Unknown case", n => $"No case {n} exists", async (db, caseNo, ct) =>
            await db.Applications.AsNoTracking().Where(a => a.CaseNo == caseNo).Select(a => new { a.RegionCode, a.Payload }).FirstOrDefaultAsync(ct)
                is { } row ? new Owner(row.RegionCode, () => ApplicantOf(row.Payload)) : null);

    public static RouteHandlerBuilder ForBundle(this RouteHandlerBuilder endpoint) =>
        endpoint.Guard("bundleNo", "Unknown bundle", n => $"No bundle {n} exists", async (db, bundleNo, ct) =>
            await db.Bundles.AsNoTracking().Where(b => b.BundleNo == bundleNo).Select(b => new { b.RegionCode, b.Payload }).FirstOrDefaultAsync(ct)
                is { } row ? new Owner(row.RegionCode, () => ApplicantOf(row.Payload)) : null);

    public static RouteHandlerBuilder ForLicence(this RouteHandlerBuilder endpoint) =>
        endpoint.Guard("licenceNo", "Unknown licence", n => $"No licence {n} is stored", async (db, licenceNo, ct) =>
        {
            var licence = await db.Licences.AsNoTracking().Where(l => l.LicenceNo == licenceNo).Select(l => new { l.CaseNo, l.HolderIdNumber })
                .FirstOrDefaultAsync(ct);
            if (licence is null) return null;
            var region = await db.Applications.AsNoTracking().Where(a => a.CaseNo == licence.CaseNo).Select(a => a.RegionCode).FirstOrDefaultAsync(ct);
            return new Owner(region ?? "", () => licence.HolderIdNumber);
        });

    public static RouteHandlerBuilder ForNotice(this RouteHandlerBuilder endpoint) =>
        endpoint.Guard("noticeNo", "Unknown notice", n => $"No one-time notice {n} was issued", async (db, noticeNo, ct) =>
            await db.OneTimeNotices.AsNoTracking().Where(n => n.NoticeNo == noticeNo).Select(n => new { n.RegionCode, n.ApplicantIdNumber })
                .FirstOrDefaultAsync(ct) is { } row ? new Owner(row.RegionCode, () => row.ApplicantIdNumber) : null);

    /// <summary>Lets the request through only when the resource named by <paramref name="routeKey"/> exists and is the caller's.</summary>
    static RouteHandlerBuilder Guard(this RouteHandlerBuilder endpoint, string routeKey, string title, Func<string, string> detail,
        Func<GatewayDbContext, string, CancellationToken, Task<Owner?>> find) => endpoint.ProducesProblem(StatusCodes.Status404NotFound).AddEndpointFilter(async (context, next) =>
    {
        var http = context.HttpContext;
        var number = http.GetRouteValue(routeKey) as string ?? "";
        await using var db = await http.RequestServices.GetRequiredService<IDbContextFactory<GatewayDbContext>>().CreateDbContextAsync(http.RequestAborted);
        var owner = await find(db, number, http.RequestAborted);
        var allowed = owner is not null && ChannelCaller.From(http.User) is { } caller &&
                      caller.MayActOn(owner.Region, caller.Kind == ChannelCaller.Applicant ? owner.Applicant() : null);
        return allowed ? await next(context) : Results.Problem(statusCode: 404, title: title, detail: detail(number));
    });

    /// <summary>The applicant's ID number in a stored canonical application (or bundle application).</summary>
    static string? ApplicantOf(string payload)
    {
        try
        {
            using var doc = JsonDocument.Parse(payload);
            foreach (var root in new[] { doc.RootElement, doc.RootElement.TryGetProperty("application", out var a) ? a : default })
                if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("applicant", out var applicant) &&
                    applicant.TryGetProperty("idNumber", out var id))
                    return id.GetString();
        }
        catch (JsonException)
        {
        }
        return null;
    }
}
