using System.IO.Compression;
using System.Text.Json;

namespace Gateway.Tests.Mappings.Parity;

/// <summary>
/// What the department's mapper produced for <see cref="ParityDispatches.For"/> dispatch <see cref="Index"/>, as recorded in
/// <c>Golden/{DEPT}.jsonl.gz</c>: the REST JSON body or the SOAP body element (<see cref="Body"/>), the file-drop dispatch file and its
/// attachments (<see cref="File"/>, <see cref="Attachments"/>), or why the mapping refused it (<see cref="Error"/>: exception type name
/// and message).
/// </summary>
public sealed record GoldenEntry(int Index, string? Body, byte[]? File, IReadOnlyList<(string Suffix, byte[] Content)> Attachments, string? Error);

/// <summary>Reads the recorded outputs of the department mappers (see Golden/README.md).</summary>
public static class ParityGolden
{
    public static string PathOf(string departmentCode) =>
        Path.Combine(AppContext.BaseDirectory, "Mappings", "Parity", "Golden", departmentCode.ToUpperInvariant() + ".jsonl.gz");

    public static IReadOnlyList<GoldenEntry> Load(string departmentCode)
    {
        var path = PathOf(departmentCode);
        using var file = System.IO.File.OpenRead(path);
        using var gzip = new GZipStream(file, CompressionMode.Decompress);
        using var reader = new StreamReader(gzip, System.Text.Encoding.UTF8);
        var entries = new List<GoldenEntry>();
        for (var line = reader.ReadLine(); line is not null; line = reader.ReadLine())
        {
            if (line.Length == 0) continue;
            using var doc = JsonDocument.Parse(line);
            var root = doc.RootElement;
            var index = root.GetProperty("i").GetInt32();
            if (index != entries.Count)
                throw new InvalidDataException($"{path}: line {entries.Count + 1} is entry {index}; the entries must be in order");
            var attachments = root.TryGetProperty("attachments", out var a)
                ? a.EnumerateArray().Select(x => (x.GetProperty("suffix").GetString()!, x.GetProperty("content").GetBytesFromBase64())).ToList()
                : [];
            entries.Add(new GoldenEntry(index, String(root, "body"), root.TryGetProperty("file", out var f) ? f.GetBytesFromBase64() : null,
                attachments, String(root, "error")));
        }
        return entries;
    }

    static string? String(JsonElement root, string name) => root.TryGetProperty(name, out var value) ? value.GetString() : null;
}
