using System.Text.Json;

namespace Gateway.Simulators.Common;

/// <summary>
/// A simulated department's cases on disk: one JSON line per change (the case as it stands after it), the last line of a case wins.
/// Lines are written through at once, so a process killed mid-run loses at most the line it was writing; a torn last line is skipped.
/// </summary>
public sealed class CaseJournal
{
    static readonly JsonSerializerOptions Json = JsonSerializerOptions.Web;
    readonly string _path;
    StreamWriter? _writer;

    public CaseJournal(string path)
    {
        _path = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(_path)!);
    }

    /// <summary>The cases as the journal last recorded them.</summary>
    public IReadOnlyCollection<SimulatedCase> Load()
    {
        var cases = new Dictionary<string, SimulatedCase>(StringComparer.Ordinal);
        if (!File.Exists(_path)) return [];
        foreach (var line in File.ReadLines(_path))
        {
            if (line.Length == 0) continue;
            try
            {
                if (JsonSerializer.Deserialize<SimulatedCase>(line, Json) is { CaseNo: { Length: > 0 } } c) cases[c.CaseNo] = c;
            }
            catch (JsonException)
            {
                // the line being written when the process died
            }
        }
        return cases.Values;
    }

    int LastByte()
    {
        using var read = new FileStream(_path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        read.Seek(-1, SeekOrigin.End);
        return read.ReadByte();
    }

    /// <summary>Appends the case as it stands now (callers serialise their calls).</summary>
    public void Append(SimulatedCase c)
    {
        if (_writer is null)
        {
            var stream = new FileStream(_path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite);
            _writer = new StreamWriter(stream) { AutoFlush = true };
            if (stream.Length > 0 && LastByte() != '\n') _writer.WriteLine();   // end a line torn by a kill, so this one starts clean
        }
        _writer.WriteLine(JsonSerializer.Serialize(c, Json));
    }
}
