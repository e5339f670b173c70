using Gateway.Contracts.Identity;
using Gateway.Host.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Gateway.Host.Licences;

/// <summary><c>GET /api/licences/{licenceNo}</c>: a licence issued through the gateway. The holder's ID number is shown masked.</summary>
public static class LicenceEndpoints
{
    public static IEndpointRouteBuilder MapLicences(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/licences/{licenceNo}", Get).WithTags("Licences");
        return app;
    }

    static async Task<IResult> Get(string licenceNo, IDbContextFactory<GatewayDbContext> dbFactory, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var l = await db.Licences.AsNoTracking().FirstOrDefaultAsync(x => x.LicenceNo == licenceNo, ct);
        if (l is null) return Results.Problem(statusCode: 404, title: "Unknown licence", detail: $"No licence {licenceNo} is stored");
        return Results.Ok(new LicenceView(l.LicenceNo, l.LicenceType, l.HolderName, Masking.IdNumber(l.HolderIdNumber), l.IssuingDepartmentCode,
            l.ValidFrom, l.ValidUntil, l.CaseNo, l.IssuedAt));
    }
}

public sealed record LicenceView(string LicenceNo, string LicenceType, string HolderName, string HolderIdNumberMasked, string IssuingDepartmentCode,
    DateOnly ValidFrom, DateOnly? ValidUntil, string CaseNo, DateTime IssuedAt);
