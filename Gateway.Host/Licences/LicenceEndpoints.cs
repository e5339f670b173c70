using Gateway.Host.Channels;
using System.Net;
using System.Security.Cryptography;
using System.Text.Json;
using Gateway.Adapters;
using Gateway.Contracts.Identity;
using Gateway.Host.Catalogue;
using Gateway.Host.Departments;
using Gateway.Host.Intake;
using Gateway.Host.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Gateway.Host.ApiDescription;

namespace Gateway.Host.Licences;

/// <summary>
/// The e-licence store (电子证照库):
/// <c>GET /api/licences/{licenceNo}</c> a licence with its status and signature (holder ID masked);
/// <c>GET /api/licences?holderIdNumber=</c> a holder's licences;
/// <c>GET /api/licences/keys</c> the departments' public keys, to verify licences offline;
/// <c>POST /api/licences/{licenceNo}/verify</c> signature, file hash and status checked;
/// <c>POST /api/departments/{code}/licences/{licenceNo}/revocation</c> the issuing department revokes (signed like its reports);
/// <c>GET /api/licences/{licenceNo}/print?windowId=&amp;printedBy=</c> a window prints it for the applicant (audited);
/// <c>GET /api/licences/{licenceNo}/file</c> its file (PDF or OFD), when the department supplied one.
/// </summary>
public static class LicenceEndpoints
{
    public static IEndpointRouteBuilder MapLicences(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/licences/keys", (LicenceSigner signer) => Results.Ok(new LicenceKeys(LicenceSigner.Algorithm, signer.PublicKeys)))
            .WithTags("Licences")
            .WithName("getLicenceKeys")
            .WithSummary("证照验签公钥 / Public keys to verify licences")
            .WithDescription("Each issuing department's public key (PEM, by department code) and the signature algorithm, to verify a licence's " +
                             "`signature` offline. Open to anyone.")
            .Produces<LicenceKeys>();
        app.MapGet("/api/licences", List).WithTags("Licences").RequireAuthorization(Channels.ChannelScopes.Policy(Channels.ChannelScopes.Read))
            .WithName("listLicences")
            .WithSummary("查询持证人证照 / A holder's licences")
            .WithDescription("The licences held by the person or organisation with `holderIdNumber` (ID number or unified social credit code) that " +
                             "the caller may see: an applicant channel only its own applicant's, a window those of its region's cases. Every " +
                             "licence shown is recorded with the authenticated caller.")
            .Produces<LicenceList>()
            .ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity);
        app.MapGet("/api/licences/{licenceNo}", Get).WithTags("Licences").RequireAuthorization(Channels.ChannelScopes.Policy(Channels.ChannelScopes.Read)).ForLicence()
            .WithName("getLicence")
            .WithSummary("查询电子证照 / Get a licence")
            .WithDescription("A stored licence (电子证照): type, holder (ID number masked), issuer, validity, status (valid, expired, revoked), file " +
                             "hash and the issuing department's signature. The read is recorded with the authenticated caller.")
            .Produces<LicenceView>();
        app.MapGet("/api/licences/{licenceNo}/file", GetFile).WithTags("Licences").RequireAuthorization(Channels.ChannelScopes.Policy(Channels.ChannelScopes.Print)).ForLicence()
            .WithName("getLicenceFile")
            .WithSummary("下载证照文件 / Download a licence's file")
            .WithDescription("The licence's file (PDF or OFD) as the department issued it; 404 when it was issued without one. Recorded with the " +
                             "authenticated caller.")
            .AddOpenApiOperationTransformer((operation, _, _) =>
            {
                // The file's bytes as they are, not JSON: a binary body of either media type.
                operation.Responses ??= [];
                operation.Responses["200"] = new Microsoft.OpenApi.OpenApiResponse
                {
                    Description = "The file, named in Content-Disposition ({licenceNo}.pdf or .ofd)",
                    Content = new[] { LicenceFiles.Pdf, LicenceFiles.Ofd }.ToDictionary(type => type, type => new Microsoft.OpenApi.OpenApiMediaType
                    {
                        Schema = new Microsoft.OpenApi.OpenApiSchema { Type = Microsoft.OpenApi.JsonSchemaType.String, ContentMediaType = type },
                    }),
                };
                return Task.CompletedTask;
            });
        app.MapPost("/api/licences/{licenceNo}/verify", Verify).WithTags("Licences").RequireAuthorization(Channels.ChannelScopes.Policy(Channels.ChannelScopes.Read)).ForLicence()
            .WithName("verifyLicence")
            .WithSummary("证照核验 / Verify a licence")
            .WithDescription("Checks the stored licence: the issuing department's signature over its fields as they are now, its file against " +
                             "the hash the signature covers (the stored file, or one presented as `fileBase64`), and its status (not revoked, not " +
                             "expired). The body is optional.")
            .Accepts<VerifyRequest>(isOptional: true, "application/json")
            .Produces<Verification>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity);
        app.MapGet("/api/licences/{licenceNo}/print", Print).WithTags("Licences").RequireAuthorization(Channels.ChannelScopes.Policy(Channels.ChannelScopes.Print)).ForLicence()
            .WithName("printLicence")
            .WithSummary("窗口代打证照 / Print a licence at a window")
            .WithDescription("A printable page of the licence for the applicant, at window `windowId`; who printed it (the authenticated channel, " +
                             "never a name in the request), where and when is recorded.")
            .Produces<string>(StatusCodes.Status200OK, "text/html")
            .ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity);
        app.MapPost("/api/departments/{departmentCode}/licences/{licenceNo}/revocation", Revoke).WithTags("Licences")
            .AuthenticatedBy(ApiDescription.CallerSchemes.DepartmentSignature)
            .WithName("revokeLicence")
            .WithSummary("证照注销 / Revoke a licence")
            .WithDescription("The issuing department revokes its licence, with a reason; signed like its reports. 403 for another department's " +
                             "licence, 409 when already revoked for another reason; the same revocation again answers `replayed`.")
            .Accepts<RevocationRequest>("application/json")
            .Produces<RevocationResponse>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity);
        return app;
    }

    static IResult Unknown(string licenceNo) => Results.Problem(statusCode: 404, title: "Unknown licence", detail: $"No licence {licenceNo} is stored");

    static DateOnly Today(TimeProvider clock) => Calendar.WorkingDayCalendar.BeijingDate(clock.GetUtcNow().UtcDateTime);

    /// <summary>Records who (the authenticated channel, never a typed name) read a licence, from which window, for what.</summary>
    static void RecordAccess(GatewayDbContext db, HttpContext http, string licenceNo, string purpose, string? windowId = null) =>
        db.LicenceAccesses.Add(new LicenceAccess
        {
            LicenceNo = licenceNo, WindowId = (windowId ?? "").Trim(), Purpose = purpose, At = DateTime.UtcNow,
            AccessedBy = Channels.ChannelCaller.From(http.User)?.ToString() ?? "unknown",
        });

    static async Task<IResult> Get(string licenceNo, HttpContext http, IDbContextFactory<GatewayDbContext> dbFactory, TimeProvider clock, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var l = await db.Licences.AsNoTracking().FirstOrDefaultAsync(x => x.LicenceNo == licenceNo, ct);
        if (l is null) return Unknown(licenceNo);
        RecordAccess(db, http, licenceNo, "read");
        await db.SaveChangesAsync(ct);
        return Results.Ok(LicenceView.Of(l, Today(clock)));
    }

    static async Task<IResult> List(string? holderIdNumber, HttpContext http, IDbContextFactory<GatewayDbContext> dbFactory, TimeProvider clock, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(holderIdNumber) || holderIdNumber.Length > 32)
            return Results.ValidationProblem(new Dictionary<string, string[]> { ["holderIdNumber"] = ["is required: the holder's ID number or credit code"] },
                statusCode: 422, title: "The request is invalid");
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var id = holderIdNumber.Trim().ToUpperInvariant();
        var caller = Channels.ChannelCaller.From(http.User);
        // An applicant channel looks up only its own applicant's licences; a window those of cases of its region.
        if (caller is null || caller.Kind is not (Channels.ChannelCaller.Platform or Channels.ChannelCaller.Window or Channels.ChannelCaller.Applicant)
            || caller.Kind == Channels.ChannelCaller.Applicant && !caller.MayActOn("", id))
            return Results.Ok(new LicenceList(Masking.IdNumber(id), []));
        var found = await db.Licences.AsNoTracking().Where(x => x.HolderIdNumber == id).OrderBy(x => x.IssuedAt).ToListAsync(ct);
        if (caller.Kind == Channels.ChannelCaller.Window)
        {
            var cases = found.Select(l => l.CaseNo).ToList();
            var regions = await db.Applications.AsNoTracking().Where(a => cases.Contains(a.CaseNo)).ToDictionaryAsync(a => a.CaseNo, a => a.RegionCode, ct);
            found = found.Where(l => caller.MayActOn(regions.GetValueOrDefault(l.CaseNo) ?? "", null)).ToList();
        }
        foreach (var l in found) RecordAccess(db, http, l.LicenceNo, "lookup");
        await db.SaveChangesAsync(ct);
        var today = Today(clock);
        return Results.Ok(new LicenceList(Masking.IdNumber(id), found.Select(l => LicenceView.Of(l, today)).ToList()));
    }

    static async Task<IResult> GetFile(string licenceNo, HttpContext http, IDbContextFactory<GatewayDbContext> dbFactory, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var l = await db.Licences.AsNoTracking().FirstOrDefaultAsync(x => x.LicenceNo == licenceNo, ct);
        if (l is null) return Unknown(licenceNo);
        RecordAccess(db, http, licenceNo, "file");
        await db.SaveChangesAsync(ct);
        var file = l.FileSha256 is null ? null : await db.LicenceFiles.AsNoTracking().FirstOrDefaultAsync(f => f.Sha256 == l.FileSha256, ct);
        if (file is null) return Results.Problem(statusCode: 404, title: "No licence file", detail: $"Licence {licenceNo} was issued without a file");
        var extension = file.MediaType == LicenceFiles.Pdf ? "pdf" : "ofd";
        return Results.File(file.Content, file.MediaType, $"{l.LicenceNo}.{extension}");
    }

    public sealed record VerifyRequest(string? FileBase64 = null);
    public sealed record Check(string Name, bool Ok, string Detail);
    public sealed record Verification(string LicenceNo, bool Valid, string Status, IReadOnlyList<Check> Checks);

    /// <summary>
    /// Checks the stored licence: the issuing department's signature over its fields as they are now, its file against the hash
    /// the signature covers (the stored file, or one presented as <c>fileBase64</c>), and its status (not revoked, not expired).
    /// </summary>
    static async Task<IResult> Verify(string licenceNo, HttpContext http, IDbContextFactory<GatewayDbContext> dbFactory, LicenceSigner signer, TimeProvider clock,
        CancellationToken ct)
    {
        VerifyRequest? request = null;
        if (http.Request.ContentLength is > 0 || http.Request.Headers.TransferEncoding.Count > 0)
        {
            (request, var bad) = await RequestReading.ReadJsonAsync<VerifyRequest>(http, "verification request", ct, 20_000_000);
            if (bad is not null) return bad;
        }
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var l = await db.Licences.AsNoTracking().FirstOrDefaultAsync(x => x.LicenceNo == licenceNo, ct);
        if (l is null) return Unknown(licenceNo);
        var checks = new List<Check>();
        checks.Add(new Check("signature", signer.Verify(l, out var detail), detail));

        byte[]? presented = null;
        if (request?.FileBase64 is { } b64)
        {
            try { presented = Convert.FromBase64String(b64); }
            catch (FormatException) { return Results.ValidationProblem(new Dictionary<string, string[]> { ["fileBase64"] = ["is not valid base64"] }, statusCode: 422); }
        }
        var stored = l.FileSha256 is null ? null : await db.LicenceFiles.AsNoTracking().Where(f => f.Sha256 == l.FileSha256).Select(f => f.Content).FirstOrDefaultAsync(ct);
        var file = presented ?? stored;
        if (l.FileSha256 is null)
            checks.Add(new Check("file", presented is null, presented is null ? "issued without a file" : "a file was presented, but the licence was issued without one"));
        else if (file is null)
            checks.Add(new Check("file", false, "the licence's file is missing from the store"));
        else
        {
            var actual = Convert.ToHexStringLower(SHA256.HashData(file));
            var ok = actual == l.FileSha256;
            checks.Add(new Check("file", ok, ok ? $"{(presented is null ? "stored" : "presented")} file matches SHA-256 {l.FileSha256}"
                : $"{(presented is null ? "stored" : "presented")} file has SHA-256 {actual}, the licence says {l.FileSha256}"));
        }
        var status = LicenceStatuses.Of(l, Today(clock));
        checks.Add(new Check("status", status == LicenceStatuses.Valid, status switch
        {
            LicenceStatuses.Revoked => $"revoked {l.RevokedAt:yyyy-MM-dd}: {l.RevocationReason}",
            LicenceStatuses.Expired => $"expired after {l.ValidUntil:yyyy-MM-dd}",
            _ => l.ValidUntil is { } until ? $"valid until {until:yyyy-MM-dd}" : "valid, long-term",
        }));
        return Results.Ok(new Verification(l.LicenceNo, checks.All(c => c.Ok), status, checks));
    }

    public sealed record RevocationRequest(string? Reason);

    /// <summary>The issuing department revokes its licence (signed with its secret, like its reports); another department gets 403.</summary>
    static async Task<IResult> Revoke(string departmentCode, string licenceNo, HttpContext http, ServiceCatalogue catalogue,
        IOptionsMonitor<DepartmentConnectionsOptions> connections, IDbContextFactory<GatewayDbContext> dbFactory, ILoggerFactory loggers, CancellationToken ct)
    {
        var (department, body, problem) = await DepartmentEventsEndpoints.ReadSignedAsync(departmentCode, http, catalogue, connections, loggers, ct);
        if (problem is not null) return problem;
        RevocationRequest? request;
        try { request = JsonSerializer.Deserialize<RevocationRequest>(body, JsonSerializerOptions.Web); }
        catch (JsonException ex) { return Results.Problem(statusCode: 400, title: "Malformed JSON", detail: $"The revocation is not valid JSON: {ex.Message}"); }
        if (string.IsNullOrWhiteSpace(request?.Reason) || request.Reason.Length > 500)
            return Results.ValidationProblem(new Dictionary<string, string[]> { ["reason"] = ["is required (at most 500 characters)"] }, statusCode: 422);

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var l = await db.Licences.FirstOrDefaultAsync(x => x.LicenceNo == licenceNo, ct);
        if (l is null) return Unknown(licenceNo);
        if (l.IssuingDepartmentCode != department.Code)
            return Results.Problem(statusCode: 403, title: "Not your licence",
                detail: $"Licence {licenceNo} was issued by {l.IssuingDepartmentCode}; only the issuer may revoke it");
        if (l.Status == LicenceStatuses.Revoked)
            return l.RevocationReason == request.Reason.Trim()
                ? Results.Ok(new RevocationResponse(licenceNo, l.Status, true))
                : Results.Problem(statusCode: 409, title: "Already revoked", detail: $"Licence {licenceNo} was revoked {l.RevokedAt:u}: {l.RevocationReason}");
        l.Status = LicenceStatuses.Revoked;
        l.RevokedAt = DateTime.UtcNow;
        l.RevocationReason = request.Reason.Trim();
        db.Timeline.Add(new TimelineEntry
        {
            CaseId = l.CaseId, OccurredAt = l.RevokedAt.Value, RecordedAt = l.RevokedAt.Value, Status = "Revoked", Step = Gateway.Contracts.Status.StepCodes.Completion,
            Title = $"Licence {licenceNo} revoked by {department.Code} (证照注销)", Detail = l.RevocationReason, Source = $"department:{department.Code}",
            SourceId = $"licence-revoked:{licenceNo}",
        });
        await db.SaveChangesAsync(ct);
        loggers.CreateLogger("Gateway.Licences").LogWarning("Licence {LicenceNo} revoked by {Department}", licenceNo, department.Code);
        return Results.Ok(new RevocationResponse(licenceNo, l.Status, false));
    }

    /// <summary>A window prints the licence on the applicant's behalf: a printable page; who printed it where and when is recorded.</summary>
    static async Task<IResult> Print(string licenceNo, string? windowId, HttpContext http, IDbContextFactory<GatewayDbContext> dbFactory, LicenceSigner signer,
        ServiceCatalogue catalogue, TimeProvider clock, ILoggerFactory loggers, CancellationToken ct)
    {
        // Who printed is the authenticated channel; a name in the request (printedBy) is not taken as proof of anything.
        var printedBy = Channels.ChannelCaller.From(http.User)?.ToString() ?? "unknown";
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(windowId) || windowId.Length > 64) errors["windowId"] = ["is required: the window printing the licence"];
        if (errors.Count > 0) return Results.ValidationProblem(errors, statusCode: 422, title: "Printing a licence is recorded: say where");
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var l = await db.Licences.AsNoTracking().FirstOrDefaultAsync(x => x.LicenceNo == licenceNo, ct);
        if (l is null) return Unknown(licenceNo);
        var status = LicenceStatuses.Of(l, Today(clock));
        RecordAccess(db, http, licenceNo, "print", windowId);
        await db.SaveChangesAsync(ct);
        loggers.CreateLogger("Gateway.Licences").LogInformation("Licence {LicenceNo} printed at window {WindowId} by {PrintedBy}", licenceNo, windowId, printedBy);
        string E(string? s) => WebUtility.HtmlEncode(s ?? "");
        var verified = signer.Verify(l, out var signature);
        var html = $"""
            <!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>{E(l.LicenceType)} {E(l.LicenceNo)}</title>
            <style>body{"{"}font-family:"Noto Sans CJK SC",sans-serif;margin:2cm{"}"} th{"{"}text-align:left;padding-right:1em{"}"} .void{"{"}color:#b3261e;font-weight:bold{"}"}</style></head>
            <body><h1>{E(l.LicenceType)}</h1>
            {(status == LicenceStatuses.Valid ? "" : $"<p class=\"void\">{(status == LicenceStatuses.Revoked ? "已注销 REVOKED" : "已过期 EXPIRED")}</p>")}
            <table id="licence">
            <tr><th>证照编号</th><td>{E(l.LicenceNo)}</td></tr><tr><th>持证主体</th><td>{E(l.HolderName)}</td></tr>
            <tr><th>证件号码</th><td>{E(l.HolderIdNumber)}</td></tr><tr><th>发证机关</th><td>{E(catalogue.Department(l.IssuingDepartmentCode)?.Name)} ({E(l.IssuingDepartmentCode)})</td></tr>
            <tr><th>有效期</th><td>{l.ValidFrom:yyyy-MM-dd} – {(l.ValidUntil is { } u ? u.ToString("yyyy-MM-dd") : "长期")}</td></tr>
            <tr><th>签名</th><td>{(verified ? "✓ " : "✗ ")}{E(signature)}</td></tr></table>
            <p>窗口 {E(windowId)} 代为打印 · {E(printedBy)} · {DateTime.UtcNow.AddHours(8):yyyy-MM-dd HH:mm}</p></body></html>
            """;
        return Results.Content(html, "text/html; charset=utf-8");
    }
}

public sealed record LicenceView(string LicenceNo, string LicenceType, string TypeCode, string HolderName, string HolderIdNumberMasked,
    string IssuingDepartmentCode, DateOnly ValidFrom, DateOnly? ValidUntil, string Status, DateTime? RevokedAt, string? RevocationReason, string CaseNo,
    DateTime IssuedAt, string? FileSha256, string? FileName, string? Signature, string? SignatureAlgorithm)
{
    /// <summary>
    /// The licence as the store shows it, holder ID masked. The signature covers <see cref="LicenceSigner.Payload"/>, which holds the ID
    /// in full: whoever is shown the licence by its holder rebuilds it from the licence and checks it with the public key.
    /// </summary>
    public static LicenceView Of(LicenceRecord l, DateOnly today) => new(l.LicenceNo, l.LicenceType, l.TypeCode, l.HolderName,
        Masking.IdNumber(l.HolderIdNumber), l.IssuingDepartmentCode, l.ValidFrom, l.ValidUntil, LicenceStatuses.Of(l, today), l.RevokedAt, l.RevocationReason,
        l.CaseNo, l.IssuedAt, l.FileSha256, l.FileName, l.Signature, l.SignatureAlgorithm);
}
