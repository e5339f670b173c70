using System.Text;
using System.Text.Json.Nodes;
using FsCheck;
using FsCheck.Fluent;

namespace Gateway.Tests.Fuzz;

/// <summary>
/// Generators of bad input made from good input: a JSON document with one part removed, retyped or replaced by hostile text, or its
/// text cut, spliced or flipped. FsCheck draws them; the seed of each run is printed so a failure can be replayed.
/// </summary>
public static class Mutations
{
    static readonly string[] Hostile =
    [
        "", " ", "\u0000", "\uFFFF", "\uD800", "null", "true", "-1", "1e309", "NaN", "'; DROP TABLE applications; --", "<script>alert(1)</script>",
        "../../../../etc/passwd", "%00", "\r\n\r\n", new string('A', 70_000), "𠀀𠀁𠀂", "١٢٣", "410702199001011234", "{\"$type\":\"x\"}", "\"", "\\",
    ];

    static JsonNode? Value(int kind, string text, long number) => kind switch
    {
        0 => null,
        1 => JsonValue.Create(number),
        2 => JsonValue.Create(text),
        3 => JsonValue.Create(number % 2 == 0),
        4 => new JsonArray(JsonValue.Create(text), JsonValue.Create(number)),
        5 => new JsonObject { ["x"] = text },
        6 => JsonValue.Create(double.MaxValue),
        _ => JsonValue.Create(Hostile[(int)(Math.Abs(number) % Hostile.Length)]),
    };

    static List<(JsonNode Parent, object Key)> Places(JsonNode node)
    {
        var places = new List<(JsonNode, object)>();
        void Walk(JsonNode n)
        {
            if (n is JsonObject o)
                foreach (var (k, v) in o.ToList())
                {
                    places.Add((o, k));
                    if (v is not null) Walk(v);
                }
            else if (n is JsonArray a)
                for (var i = 0; i < a.Count; i++)
                {
                    places.Add((a, i));
                    if (a[i] is { } v) Walk(v);
                }
        }
        Walk(node);
        return places;
    }

    /// <summary>Bad JSON documents made from <paramref name="valid"/>: one structural change, or damage to its text.</summary>
    public static Gen<string> OfJson(string valid) =>
        from how in Gen.Choose(0, 9)
        from at in Gen.Choose(0, 1_000_000)
        from kind in Gen.Choose(0, 7)
        from number in ArbMap.Default.GeneratorFor<long>()
        from text in ArbMap.Default.GeneratorFor<string>()
        from bytes in Gen.ArrayOf(Gen.Choose(0, 255)).Select(b => b.Select(x => (byte)x).ToArray())
        select MutateJson(valid, how, at, kind, number, text ?? "", bytes);

    static string MutateJson(string valid, int how, int at, int kind, long number, string text, byte[] bytes)
    {
        if (how >= 6) return MutateText(valid, how - 6, at, text, bytes);
        var doc = JsonNode.Parse(valid)!;
        var places = Places(doc);
        var (parent, key) = places[at % places.Count];
        switch (how)
        {
            case 0:
                if (parent is JsonObject o) o.Remove((string)key); else ((JsonArray)parent).RemoveAt((int)key);
                break;
            case 1 or 2 or 3:
                if (parent is JsonObject o2) o2[(string)key] = Value(kind, text, number); else ((JsonArray)parent)[(int)key] = Value(kind, text, number);
                break;
            case 4:
                if (parent is JsonObject o3) o3[text.Length == 0 ? "extra" : text] = Value(kind, text, number); else ((JsonArray)parent).Add(Value(kind, text, number));
                break;
            default:
                if (parent is JsonObject o4) o4[(string)key] = JsonValue.Create(Hostile[at % Hostile.Length]); else ((JsonArray)parent)[(int)key] = JsonValue.Create(Hostile[at % Hostile.Length]);
                break;
        }
        return doc.ToJsonString();
    }

    /// <summary>Bad text made from <paramref name="valid"/>: cut short, a piece spliced in, or bytes flipped.</summary>
    public static Gen<string> OfText(string valid) =>
        from how in Gen.Choose(0, 3)
        from at in Gen.Choose(0, 1_000_000)
        from text in ArbMap.Default.GeneratorFor<string>()
        from bytes in Gen.ArrayOf(Gen.Choose(0, 255)).Select(b => b.Select(x => (byte)x).ToArray())
        select MutateText(valid, how, at, text ?? "", bytes);

    static string MutateText(string valid, int how, int at, string text, byte[] bytes)
    {
        var position = at % Math.Max(1, valid.Length);
        return how switch
        {
            0 => valid[..position],
            1 => valid[..position] + text + valid[position..],
            2 => valid[..position] + Hostile[at % Hostile.Length] + valid[position..],
            _ => FlipBytes(valid, at, bytes),
        };
    }

    static string FlipBytes(string valid, int at, byte[] bytes)
    {
        var raw = Encoding.UTF8.GetBytes(valid);
        for (var i = 0; i < bytes.Length; i++) raw[(at + i * 7919) % raw.Length] ^= bytes[i] == 0 ? (byte)1 : bytes[i];
        return Encoding.UTF8.GetString(raw);
    }

    /// <summary><paramref name="count"/> inputs drawn from <paramref name="gen"/>.</summary>
    public static IReadOnlyList<T> Draw<T>(Gen<T> gen, int count) => gen.Sample(size: 30, numberOfSamples: count).ToList();
}
