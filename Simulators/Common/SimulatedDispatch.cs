using System.Globalization;
using System.Security.Cryptography;
using Gateway.Mappings.Profiles;
using Gateway.Mappings.Rendering;

namespace Gateway.Simulators.Common;

/// <summary>A dispatch as the simulated department reads it, by the paths (or file columns) of its profile's <c>simulator.read</c>.</summary>
public sealed record SimulatedDispatch(string? CaseNo, string? Item, string ApplicantName, string? IdNumber, int CorrectionRound, bool Withdrawn,
    string? WithdrawalReason, bool DecidedAtWindow, bool PreReview, IReadOnlyList<SimulatedMaterial> Materials)
{
    /// <summary>Reads a JSON or XML dispatch.</summary>
    public static SimulatedDispatch Read(ReadableDocument document, SimulatorSpec spec)
    {
        var r = spec.Read;
        string? Get(string? path) => path is null ? null : document.Value(path);
        var materials = r.Materials is null
            ? []
            : document.Nodes(r.Materials).Select(m => new SimulatedMaterial(
                r.MaterialCode is null ? null : m.Value(r.MaterialCode),
                r.MaterialContent is null ? null : m.Value(r.MaterialContent),
                r.MaterialSha256 is null ? null : m.Value(r.MaterialSha256))).ToList();
        return Build(Get, spec, materials);
    }

    /// <summary>Reads a dispatch file's row (column name → value); the materials column lists <c>code:medium:hash</c> entries separated by '|'.</summary>
    public static SimulatedDispatch Read(IReadOnlyDictionary<string, string> row, SimulatorSpec spec)
    {
        string? Get(string? column) => column is not null && row.TryGetValue(column, out var v) && v.Length > 0 ? v : null;
        var materials = Get(spec.Read.Materials) is { } list
            ? list.Split('|', StringSplitOptions.RemoveEmptyEntries).Select(m => m.Split(':'))
                .Select(p => new SimulatedMaterial(p[0], null, p.Length > 2 && p[2].Length > 0 ? p[2] : null)).ToList()
            : [];
        return Build(Get, spec, materials);
    }

    static SimulatedDispatch Build(Func<string?, string?> get, SimulatorSpec spec, IReadOnlyList<SimulatedMaterial> materials)
    {
        var r = spec.Read;
        bool Flag(string? path) => get(path) == spec.FlagTrue;
        var round = int.TryParse(get(r.CorrectionRound), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : 0;
        return new SimulatedDispatch(get(r.CaseNo), get(r.Item), get(r.ApplicantName) ?? "", get(r.IdNumber), round, Flag(r.Withdrawn),
            get(r.WithdrawalReason), Flag(r.DecidedAtWindow), Flag(r.PreReview), materials);
    }

    /// <summary>The first material whose content does not match its SHA-256, if any.</summary>
    public SimulatedMaterial? BadHash() => Materials.FirstOrDefault(m =>
        m.ContentBase64 is { } content && m.Sha256 is { } hash &&
        !string.Equals(Convert.ToHexStringLower(SHA256.HashData(Convert.FromBase64String(content))), hash, StringComparison.OrdinalIgnoreCase));

    public SimulatedCase NewCase(string reference) => new(CaseNo!, reference, Item!, ApplicantName, IdNumber!, DateTime.UtcNow, 1, [], CorrectionRound,
        Materials.Select(m => m.Code).OfType<string>().ToList(), DecidedAtWindow: DecidedAtWindow);
}

public sealed record SimulatedMaterial(string? Code, string? ContentBase64, string? Sha256);
