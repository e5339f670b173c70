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
    public static RouteHandlerBuilder ForCase(this RouteHandlerBuilder endpoint) => endpoint.AddEndpointFilter(async (context, next) =>
    {
        var caseNo = context.HttpContext.GetRouteValue("caseNo") as string ?? "";
        await using var db = await Db(context).CreateDbContextAsync(context.HttpContext.RequestAborted);
        var row = await db.Applications.AsNoTracking().Where(a => a.CaseNo == caseNo).Select(a => new { a.RegionCode, a.Payload })
            .FirstOrDefaultAsync(context.HttpContext.RequestAborted);
        return row is not null && Allowed(context, row.RegionCode, () => ApplicantOf(row.Payload))
            ? await next(context)
            : NotFound("Unknown case", $"No case {caseNo} exists");
    });

    public static RouteHandlerBuilder ForBundle(this RouteHandlerBuilder endpoint) => endpoint.AddEndpointFilter(async (context, next) =>
    {
        var bundleNo = context.HttpContext.GetRouteValue("bundleNo") as string ?? "";
        await using var db = await Db(context).CreateDbContextAsync(context.HttpContext.RequestAborted);
        var row = await db.Bundles.AsNoTracking().Where(b => b.BundleNo == bundleNo).Select(b => new { b.RegionCode, b.Payload })
            .FirstOrDefaultAsync(context.HttpContext.RequestAborted);
        return row is not null && Allowed(context, row.RegionCode, () => ApplicantOf(row.Payload))
            ? await next(context)
            : NotFound("Unknown bundle", $"No bundle {bundleNo} exists");
    });

    public static RouteHandlerBuilder ForLicence(this RouteHandlerBuilder endpoint) => endpoint.AddEndpointFilter(async (context, next) =>
    {
        var licenceNo = context.HttpContext.GetRouteValue("licenceNo") as string ?? "";
        await using var db = await Db(context).CreateDbContextAsync(context.HttpContext.RequestAborted);
        var licence = await db.Licences.AsNoTracking().Where(l => l.LicenceNo == licenceNo).Select(l => new { l.CaseNo, l.HolderIdNumber })
            .FirstOrDefaultAsync(context.HttpContext.RequestAborted);
        if (licence is null) return NotFound("Unknown licence", $"No licence {licenceNo} is stored");
        var region = await db.Applications.AsNoTracking().Where(a => a.CaseNo == licence.CaseNo).Select(a => a.RegionCode)
            .FirstOrDefaultAsync(context.HttpContext.RequestAborted) ?? "";
        return Allowed(context, region, () => licence.HolderIdNumber)
            ? await next(context)
            : NotFound("Unknown licence", $"No licence {licenceNo} is stored");
    });

    public static RouteHandlerBuilder ForNotice(this RouteHandlerBuilder endpoint) => endpoint.AddEndpointFilter(async (context, next) =>
    {
        var noticeNo = context.HttpContext.GetRouteValue("noticeNo") as string ?? "";
        await using var db = await Db(context).CreateDbContextAsync(context.HttpContext.RequestAborted);
        var notice = await db.OneTimeNotices.AsNoTracking().Where(n => n.NoticeNo == noticeNo).Select(n => new { n.RegionCode, n.ApplicantIdNumber })
            .FirstOrDefaultAsync(context.HttpContext.RequestAborted);
        return notice is not null && Allowed(context, notice.RegionCode, () => notice.ApplicantIdNumber)
            ? await next(context)
            : NotFound("Unknown notice", $"No one-time notice {noticeNo} was issued");
    });

    static IDbContextFactory<GatewayDbContext> Db(EndpointFilterInvocationContext context) =>
        context.HttpContext.RequestServices.GetRequiredService<IDbContextFactory<GatewayDbContext>>();

    static bool Allowed(EndpointFilterInvocationContext context, string region, Func<string?> applicant) =>
        ChannelCaller.From(context.HttpContext.User) is { } caller && caller.MayActOn(region, caller.Kind == ChannelCaller.Applicant ? applicant() : null);

    static IResult NotFound(string title, string detail) => Results.Problem(statusCode: 404, title: title, detail: detail);

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
