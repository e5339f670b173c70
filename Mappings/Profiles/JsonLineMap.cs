using System.Text;
using System.Text.Json;

namespace Gateway.Mappings.Profiles;

/// <summary>
/// The line of every property and array element of a JSON file, by its path (<c>request.items.410700-X-001</c>,
/// <c>file.dispatch[3].value</c>), so a problem found in the parsed profile can name the line a person must edit.
/// </summary>
public sealed class JsonLineMap
{
    readonly Dictionary<string, int> _lines = new(StringComparer.Ordinal);

    public static JsonLineMap Of(byte[] utf8)
    {
        var map = new JsonLineMap();
        var newlines = new List<int>();
        for (var i = 0; i < utf8.Length; i++) if (utf8[i] == '\n') newlines.Add(i);
        int LineAt(long offset)
        {
            var index = newlines.BinarySearch((int)offset);
            return (index < 0 ? ~index : index) + 1;
        }

        var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        var stack = new Stack<(string Path, bool IsArray, int Index)>();
        string? pending = null;
        try
        {
            while (reader.Read())
            {
                (string Path, bool IsArray, int Index) parent = stack.Count > 0 ? stack.Peek() : ("", false, 0);
                string Here()
                {
                    if (parent.IsArray)
                    {
                        var (p, a, i) = stack.Pop();
                        stack.Push((p, a, i + 1));
                        return $"{p}[{i}]";
                    }
                    return pending ?? "";
                }
                switch (reader.TokenType)
                {
                    case JsonTokenType.PropertyName:
                        var name = reader.GetString()!;
                        pending = parent.Path.Length == 0 ? name : $"{parent.Path}.{name}";
                        map._lines.TryAdd(pending, LineAt(reader.TokenStartIndex));
                        break;
                    case JsonTokenType.StartObject or JsonTokenType.StartArray:
                        var path = Here();
                        map._lines.TryAdd(path, LineAt(reader.TokenStartIndex));
                        stack.Push((path, reader.TokenType == JsonTokenType.StartArray, 0));
                        pending = null;
                        break;
                    case JsonTokenType.EndObject or JsonTokenType.EndArray:
                        stack.Pop();
                        break;
                    default:
                        var at = Here();
                        map._lines.TryAdd(at, LineAt(reader.TokenStartIndex));
                        pending = null;
                        break;
                }
            }
        }
        catch (JsonException)
        {
            // A syntax error is reported by the parser with its own line; what was mapped so far stays.
        }
        return map;
    }

    /// <summary>The line of <paramref name="path"/>, or of its nearest mapped parent, or 0.</summary>
    public int LineOf(string path)
    {
        for (var p = path; p.Length > 0; p = Parent(p))
            if (_lines.TryGetValue(p, out var line)) return line;
        return 0;
    }

    /// <summary>The path one level up (<c>a.b[2]</c> → <c>a.b</c>), or empty.</summary>
    internal static string Parent(string path)
    {
        var cut = Math.Max(path.LastIndexOf('.'), path.LastIndexOf('['));
        return cut <= 0 ? "" : path[..cut];
    }

    /// <summary>A JSON pointer (<c>/request/items/0</c>) as a path of this map (<c>request.items[0]</c>).</summary>
    public static string FromPointer(string pointer)
    {
        var sb = new StringBuilder();
        foreach (var segment in pointer.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            var s = segment.Replace("~1", "/").Replace("~0", "~");
            if (int.TryParse(s, out _)) sb.Append('[').Append(s).Append(']');
            else sb.Append(sb.Length == 0 ? "" : ".").Append(s);
        }
        return sb.ToString();
    }
}
