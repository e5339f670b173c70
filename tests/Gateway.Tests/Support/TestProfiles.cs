using Gateway.Host.Catalogue;
using Gateway.Host.Departments.Profiles;
using Gateway.Mappings.Profiles;

namespace Gateway.Tests.Support;

/// <summary>The department profiles and catalogue the gateway ships, as the tests find them beside the test assembly.</summary>
public static class TestProfiles
{
    public static string Folder => Path.Combine(AppContext.BaseDirectory, "Data", "Departments");

    public static DepartmentProfiles Load(string? folder = null) => new(folder ?? Folder);

    public static ProfileMapper For(string department) => Load().For(department);

    public static CatalogueView Catalogue() =>
        DepartmentProfilesModule.View(ServiceCatalogue.Load(Path.Combine(AppContext.BaseDirectory, "Data", "catalogue.json")));

    /// <summary>A private copy of the shipped profiles folder, to break on purpose.</summary>
    public static string Copy()
    {
        var target = Path.Combine(Path.GetTempPath(), "profiles-" + Guid.NewGuid().ToString("N")[..8]);
        foreach (var file in Directory.EnumerateFiles(Folder, "*", SearchOption.AllDirectories))
        {
            var to = Path.Combine(target, Path.GetRelativePath(Folder, file));
            Directory.CreateDirectory(Path.GetDirectoryName(to)!);
            File.Copy(file, to);
        }
        return target;
    }
}
