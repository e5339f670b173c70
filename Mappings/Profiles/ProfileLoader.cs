using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;

namespace Gateway.Mappings.Profiles;

/// <summary>
/// Reads <c>{root}/{CODE}/profile.json</c> files: follows <c>extends</c> (a path to another profile, relative to the file naming it;
/// a shared wire format lives in <c>{root}/_formats/</c>), merges child over parent, resolves every file a part names against that
/// part's folder, checks the result against the published schema (<c>department-profile.schema.json</c>) and keeps, for every
/// property, the file and line it came from.
/// </summary>
public static class ProfileLoader
{
    public const string ProfileFileName = "profile.json";
    public const string SchemaFileName = "department-profile.schema.json";
    static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { ReadCommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };
    static readonly string[][] FileProperties =
    [
        ["request", "template"], ["request", "items", "*"], ["request", "schema"], ["soap", "wsdl"], ["simulator", "replies", "*"], ["codeTables"],
        ["samples", "[]", "request"], ["samples", "[]", "reply"],
    ];

    /// <summary>The folders under <paramref name="root"/> holding a profile (folders starting with '_' hold shared formats).</summary>
    public static IEnumerable<string> ProfileFiles(string root) =>
        Directory.Exists(root)
            ? Directory.EnumerateDirectories(root).Where(d => !Path.GetFileName(d).StartsWith('_')).Select(d => Path.Combine(d, ProfileFileName))
                .Where(File.Exists).OrderBy(f => f, StringComparer.Ordinal)
            : [];

    /// <summary>Loads one profile; problems (with file and line) instead of a profile when it cannot be read.</summary>
    public static (LoadedProfile? Profile, IReadOnlyList<ProfileProblem> Problems) Load(string profileFile, string schemaFile)
    {
        var problems = new List<ProfileProblem>();
        var chain = new List<(string File, JsonObject Node, JsonLineMap Lines)>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var file = Path.GetFullPath(profileFile);
        string? from = null;
        while (true)
        {
            if (!seen.Add(file))
            {
                problems.Add(new ProfileProblem(from ?? file, LineOf(chain, from, "extends"), "extends", $"'extends' makes a cycle through {file}"));
                return (null, problems);
            }
            if (!File.Exists(file))
            {
                problems.Add(new ProfileProblem(from ?? file, LineOf(chain, from, "extends"), "extends", $"the profile it extends, {file}, does not exist"));
                return (null, problems);
            }
            var bytes = File.ReadAllBytes(file);
            JsonObject node;
            try
            {
                node = JsonNode.Parse(bytes, documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true })
                    as JsonObject ?? throw new JsonException("the profile must be a JSON object", null, 0, 0);
            }
            catch (JsonException ex)
            {
                problems.Add(new ProfileProblem(file, (int)(ex.LineNumber ?? -1) + 1, "json", $"not valid JSON: {FirstSentence(ex.Message)}"));
                return (null, problems);
            }
            Resolve(node, Path.GetDirectoryName(file)!);
            chain.Add((file, node, JsonLineMap.Of(bytes)));
            if (node["extends"]?.GetValue<string>() is not { } parent) break;
            from = file;
            file = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(file)!, parent));
        }

        var merged = new JsonObject();
        var origins = new Dictionary<string, (string File, int Line)>(StringComparer.Ordinal);
        for (var i = chain.Count - 1; i >= 0; i--)
        {
            Merge(merged, chain[i].Node);
            foreach (var path in Paths(chain[i].Node, "")) origins[path] = (chain[i].File, chain[i].Lines.LineOf(path));
        }
        merged.Remove("extends");
        merged.Remove("$schema");
        var own = chain[0].File;
        (string File, int Line) Origin(string path)
        {
            for (var p = path; p.Length > 0; p = JsonLineMap.Parent(p))
                if (origins.TryGetValue(p, out var o)) return o;
            return (own, 0);
        }

        if (File.Exists(schemaFile))
        {
            var schema = JsonSchema.FromFile(schemaFile, new BuildOptions { SchemaRegistry = new SchemaRegistry() });
            var result = schema.Evaluate(JsonSerializer.SerializeToElement(merged), new EvaluationOptions { OutputFormat = OutputFormat.List });
            if (!result.IsValid)
            {
                foreach (var detail in (result.Details ?? []).Where(d => d.Errors is { Count: > 0 }))
                foreach (var (_, error) in detail.Errors!)
                {
                    var path = JsonLineMap.FromPointer(detail.InstanceLocation.ToString());
                    var (f, line) = Origin(path);
                    problems.Add(new ProfileProblem(f, line, "schema", $"{(path.Length == 0 ? "the profile" : path)}: {error}"));
                }
                return (null, problems.DistinctBy(p => p.ToString()).ToList());
            }
        }

        DepartmentProfile profile;
        try
        {
            profile = merged.Deserialize<DepartmentProfile>(Json)! with { Source = new ProfileSource(own, chain.Select(c => c.File).ToList()) };
        }
        catch (JsonException ex)
        {
            var path = (ex.Path ?? "$").TrimStart('$').TrimStart('.');
            var (f, line) = Origin(path);
            problems.Add(new ProfileProblem(f, line, "schema", $"{path}: {FirstSentence(ex.Message)}"));
            return (null, problems);
        }
        if (profile.CodeTables is null) profile = profile with { CodeTables = Path.Combine(Path.GetDirectoryName(own)!, "codes.json") };
        return (new LoadedProfile(profile, Origin), problems);
    }

    static int LineOf(List<(string File, JsonObject Node, JsonLineMap Lines)> chain, string? file, string path) =>
        chain.FirstOrDefault(c => c.File == file).Lines?.LineOf(path) ?? 0;

    static string FirstSentence(string message) => message.Split(" Path:")[0].Split(" LineNumber:")[0].Trim();

    /// <summary>Makes the file names a part declares absolute, against the part's own folder.</summary>
    static void Resolve(JsonObject node, string folder)
    {
        foreach (var steps in FileProperties) Resolve(node, steps, 0, folder);
    }

    static void Resolve(JsonNode? node, string[] steps, int at, string folder)
    {
        if (node is null) return;
        var step = steps[at];
        var last = at == steps.Length - 1;
        IEnumerable<(JsonNode? Child, Action<JsonNode> Set)> children = step switch
        {
            "[]" when node is JsonArray a => a.Select((c, i) => (c, (Action<JsonNode>)(v => a[i] = v))).ToList(),
            "*" when node is JsonObject o => o.ToList().Select(kv => (kv.Value, (Action<JsonNode>)(v => o[kv.Key] = v))).ToList(),
            _ when node is JsonObject o && o.ContainsKey(step) => [(o[step], v => o[step] = v)],
            _ => [],
        };
        foreach (var (child, set) in children)
        {
            if (!last) Resolve(child, steps, at + 1, folder);
            else if (child is JsonValue v && v.GetValueKind() == JsonValueKind.String)
                set(JsonValue.Create(Path.GetFullPath(Path.Combine(folder, v.GetValue<string>())))!);
        }
    }

    static void Merge(JsonObject target, JsonObject source)
    {
        foreach (var (key, value) in source)
        {
            if (value is JsonObject child && target[key] is JsonObject existing) Merge(existing, child);
            else target[key] = value?.DeepClone();
        }
    }

    static IEnumerable<string> Paths(JsonNode? node, string prefix)
    {
        if (prefix.Length > 0) yield return prefix;
        switch (node)
        {
            case JsonObject o:
                foreach (var (k, v) in o)
                foreach (var p in Paths(v, prefix.Length == 0 ? k : $"{prefix}.{k}"))
                    yield return p;
                break;
            case JsonArray a:
                for (var i = 0; i < a.Count; i++)
                foreach (var p in Paths(a[i], $"{prefix}[{i}]"))
                    yield return p;
                break;
        }
    }
}

/// <summary>A merged profile and where each of its properties came from (file and line).</summary>
public sealed record LoadedProfile(DepartmentProfile Profile, Func<string, (string File, int Line)> Origin);
