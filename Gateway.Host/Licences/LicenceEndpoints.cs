using Gateway.Contracts.Identity;
using Gateway.Host.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Gateway.Host.Licences;

/// <summary>
/// <c>GET /api/licences/{licenceNo}</c>: a licence issued through the gateway, the holder's ID number masked;
/// <c>GET /api/licences/{licenceNo}/file</c>: its file (PDF or OFD), when the department supplied one.
/// </summary>
public static class LicenceEndpoints
{
    public static IEndpointRouteBuilder MapLicences(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/licences/{licenceNo}", Get).WithTags("Licences");
        app.MapGet("/api/licences/{licenceNo}/file", GetFile).WithTags("Licences");
        return app;
    }

    static async Task<IResult> Get(string licenceNo, IDbContextFactory<GatewayDbContext> dbFactory, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var l = await db.Licences.AsNoTracking().FirstOrDefaultAsync(x => x.LicenceNo == licenceNo, ct);
        if (l is null) return Results.Problem(statusCode: 404, title: "Unknown licence", detail: $"No licence {licenceNo} is stored");
        return Results.Ok(new LicenceView(l.LicenceNo, l.LicenceType, l.HolderName, Masking.IdNumber(l.HolderIdNumber), l.IssuingDepartmentCode,
            l.ValidFrom, l.ValidUntil, l.CaseNo, l.IssuedAt, l.FileSha256, l.FileName));
    }

    static async Task<IResult> GetFile(string licenceNo, IDbContextFactory<GatewayDbContext> dbFactory, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var l = await db.Licences.AsNoTracking().FirstOrDefaultAsync(x => x.LicenceNo == licenceNo, ct);
        if (l is null) return Results.Problem(statusCode: 404, title: "Unknown licence", detail: $"No licence {licenceNo} is stored");
        var file = l.FileSha256 is null ? null : await db.LicenceFiles.AsNoTracking().FirstOrDefaultAsync(f => f.Sha256 == l.FileSha256, ct);
        if (file is null) return Results.Problem(statusCode: 404, title: "No licence file", detail: $"Licence {licenceNo} was issued without a file");
        var extension = file.MediaType == LicenceFiles.Pdf ? "pdf" : "ofd";
        return Results.File(file.Content, file.MediaType, $"{l.LicenceNo}.{extension}");
    }
}

public sealed record LicenceView(string LicenceNo, string LicenceType, string HolderName, string HolderIdNumberMasked, string IssuingDepartmentCode,
    DateOnly ValidFrom, DateOnly? ValidUntil, string CaseNo, DateTime IssuedAt, string? FileSha256, string? FileName);
