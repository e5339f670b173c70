using Gateway.Mappings.Rendering;

namespace Gateway.Mappings.Profiles;

/// <summary>
/// Every department profile under the profiles folder, loaded once at start-up. A profile that cannot be loaded is a problem the
/// host refuses to start with (see <see cref="Problems"/>); <c>departments check</c> reports the same and more.
/// </summary>
public sealed class DepartmentProfiles
{
    readonly Dictionary<string, ProfileMapper> _mappers = new(StringComparer.OrdinalIgnoreCase);
    readonly Dictionary<string, LoadedProfile> _loaded = new(StringComparer.OrdinalIgnoreCase);
    readonly List<ProfileProblem> _problems = [];

    public string Root { get; }

    public DepartmentProfiles(string root)
    {
        Root = Path.GetFullPath(root);
        var schema = Path.Combine(Root, ProfileLoader.SchemaFileName);
        if (!Directory.Exists(Root))
        {
            _problems.Add(new ProfileProblem(Root, 0, "folder", "the department profiles folder does not exist"));
            return;
        }
        if (!File.Exists(schema)) _problems.Add(new ProfileProblem(schema, 0, "folder", "the published profile schema is missing"));
        foreach (var file in ProfileLoader.ProfileFiles(Root))
        {
            var (loaded, problems) = ProfileLoader.Load(file, schema);
            _problems.AddRange(problems);
            if (loaded is null) continue;
            var folderName = Path.GetFileName(Path.GetDirectoryName(file))!;
            if (!folderName.Equals(loaded.Profile.Department, StringComparison.Ordinal))
            {
                var (f, line) = loaded.Origin("department");
                _problems.Add(new ProfileProblem(f, line, "department", $"the profile is for '{loaded.Profile.Department}' but lives in folder '{folderName}'"));
                continue;
            }
            try
            {
                _mappers[loaded.Profile.Department] = new ProfileMapper(loaded.Profile);
                _loaded[loaded.Profile.Department] = loaded;
            }
            catch (TemplateException ex)
            {
                _problems.Add(new ProfileProblem(ex.File, ex.Line, "template", ex.Problem));
            }
        }
    }

    /// <summary>Problems found while loading (every one names its file and line).</summary>
    public IReadOnlyList<ProfileProblem> Problems => _problems;

    public IReadOnlyCollection<ProfileMapper> All => _mappers.Values;

    public bool Has(string departmentCode) => _mappers.ContainsKey(departmentCode);

    public ProfileMapper For(string departmentCode) =>
        _mappers.TryGetValue(departmentCode, out var mapper)
            ? mapper
            : throw new InvalidOperationException($"No profile is loaded for department {departmentCode} (folder {Path.Combine(Root, departmentCode)})");

    public LoadedProfile Loaded(string departmentCode) => _loaded[departmentCode];
}
