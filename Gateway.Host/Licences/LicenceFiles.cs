using System.ComponentModel.DataAnnotations;
using System.IO.Compression;
using System.Security.Cryptography;
using Gateway.Host.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Gateway.Host.Licences;

/// <summary>Configuration section <c>Licences</c>.</summary>
public sealed class LicenceOptions
{
    public const string Section = "Licences";
    /// <summary>Largest licence file (PDF or OFD) taken, in bytes.</summary>
    [Range(1024, 1_000_000_000)]
    public long MaxFileBytes { get; set; } = 10_000_000;
    /// <summary>Each issuing department's ECDSA P-256 private key (PKCS#8 PEM) that signs its licences.</summary>
    public Dictionary<string, string> SigningKeys { get; set; } = new(StringComparer.OrdinalIgnoreCase);
}

/// <summary>
/// Keeps licence files (PDF, or OFD, the national layout format: a ZIP with an <c>OFD.xml</c> entry) by their SHA-256. A file is
/// checked to be what it claims before it is kept; the same file twice is kept once.
/// </summary>
public sealed class LicenceFiles(IDbContextFactory<GatewayDbContext> dbFactory, IOptions<LicenceOptions> options)
{
    public const string Pdf = "application/pdf";
    public const string Ofd = "application/ofd";

    public sealed record Stored(string? Sha256, string? Problem);

    public async Task<Stored> StoreAsync(IFormFile file, CancellationToken ct)
    {
        if (file.Length > options.Value.MaxFileBytes)
            return new Stored(null, $"证照文件过大 (the licence file is {file.Length} bytes; at most {options.Value.MaxFileBytes})");
        using var buffer = new MemoryStream();
        await file.CopyToAsync(buffer, ct);
        return await StoreAsync(buffer.ToArray(), ct);
    }

    public async Task<Stored> StoreAsync(byte[] content, CancellationToken ct)
    {
        if (content.Length > options.Value.MaxFileBytes)
            return new Stored(null, $"证照文件过大 (the licence file is {content.Length} bytes; at most {options.Value.MaxFileBytes})");
        var mediaType = MediaTypeOf(content);
        if (mediaType is null) return new Stored(null, "证照文件须为 PDF 或 OFD (the licence file must be a PDF or an OFD document)");
        var sha = Convert.ToHexStringLower(SHA256.HashData(content));
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (await db.LicenceFiles.AnyAsync(f => f.Sha256 == sha, ct)) return new Stored(sha, null);
        db.LicenceFiles.Add(new LicenceFile { Sha256 = sha, MediaType = mediaType, Length = content.Length, Content = content, StoredAt = DateTime.UtcNow });
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // stored meanwhile by a concurrent request: the same bytes under the same hash
        }
        return new Stored(sha, null);
    }

    /// <summary>PDF or OFD by the file's own content, never by its name; null for anything else.</summary>
    public static string? MediaTypeOf(byte[] content)
    {
        if (content.AsSpan().StartsWith("%PDF-"u8)) return Pdf;
        if (!content.AsSpan().StartsWith("PK\u0003\u0004"u8)) return null;
        try
        {
            using var zip = new ZipArchive(new MemoryStream(content), ZipArchiveMode.Read);
            return zip.GetEntry("OFD.xml") is not null ? Ofd : null;
        }
        catch (InvalidDataException)
        {
            return null;
        }
    }
}
