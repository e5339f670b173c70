using System.Text.Json;
using Gateway.Contracts.Applications;
using Gateway.Contracts.Messages;
using Gateway.Host.Catalogue;
using Gateway.Mappings.Profiles;
using Gateway.Mappings.Rendering;

namespace Gateway.Host.Departments.Profiles;

/// <summary>
/// <c>departments check [--department X]</c>: every rule of the profiles against the catalogue, each problem with file and line,
/// exit code 1 when there is any. <c>departments render X --item I [--case application.json] [--shape S]</c>: what would be sent.
/// </summary>
public static class DepartmentsCommand
{
    static IConfiguration Configuration(string[] args) => new ConfigurationBuilder().SetBasePath(AppContext.BaseDirectory)
        .AddJsonFile("appsettings.json", optional: true).AddEnvironmentVariables().AddCommandLine(args).Build();

    public static int Check(string[] args, string? department, TextWriter output)
    {
        var configuration = Configuration(args);
        var folder = DepartmentProfilesModule.ProfilesFolder(configuration);
        var catalogue = ServiceCatalogue.Load(DepartmentProfilesModule.CataloguePath(configuration));
        if (department is not null && catalogue.Department(department) is null)
        {
            output.WriteLine($"Department {department} is not in the catalogue.");
            return 2;
        }
        var profiles = new DepartmentProfiles(folder);
        var problems = ProfileChecker.Check(profiles, DepartmentProfilesModule.View(catalogue), department);
        foreach (var problem in problems) output.WriteLine(problem);
        var checkedDepartments = catalogue.Departments.Where(d => department is null || d.Code.Equals(department, StringComparison.OrdinalIgnoreCase)).ToList();
        foreach (var d in checkedDepartments.Where(d => profiles.Has(d.Code)))
        {
            var mapper = profiles.For(d.Code);
            var missing = mapper.Profile.Settings.Where(s => string.IsNullOrWhiteSpace(configuration[$"Departments:{d.Code}:{s}"])).ToList();
            if (missing.Count > 0)
                output.WriteLine($"note: {d.Code}: configuration does not set {string.Join(", ", missing.Select(s => $"Departments:{d.Code}:{s}"))} here " +
                                 "(needed where the gateway runs)");
        }
        output.WriteLine(problems.Count == 0
            ? $"departments check: {checkedDepartments.Count} department(s), {checkedDepartments.Count(d => profiles.Has(d.Code))} profile(s) in {folder}: no problems"
            : $"departments check: {problems.Count} problem(s)");
        return problems.Count == 0 ? 0 : 1;
    }

    public static int Render(string[] args, string department, string item, string? casePath, string shape, TextWriter output)
    {
        var configuration = Configuration(args);
        var catalogue = ServiceCatalogue.Load(DepartmentProfilesModule.CataloguePath(configuration));
        var profiles = new DepartmentProfiles(DepartmentProfilesModule.ProfilesFolder(configuration));
        if (!profiles.Has(department))
        {
            output.WriteLine($"No profile is loaded for {department}.");
            foreach (var p in profiles.Problems) output.WriteLine(p);
            return 2;
        }
        var entry = DepartmentProfilesModule.View(catalogue).Items.FirstOrDefault(i => i.Code == item && i.DepartmentCode == department);
        if (entry is null)
        {
            output.WriteLine($"Item {item} is not an item of {department} in the catalogue.");
            return 2;
        }
        var shapes = SyntheticDispatches.For(entry).ToList();
        var chosen = shapes.FirstOrDefault(s => s.Shape == shape);
        if (chosen.Dispatch is null)
        {
            output.WriteLine($"Unknown shape '{shape}'; shapes: {string.Join(", ", shapes.Select(s => s.Shape))}");
            return 2;
        }
        var dispatch = chosen.Dispatch;
        if (casePath is not null)
        {
            CanonicalApplication? application;
            try
            {
                application = JsonSerializer.Deserialize<CanonicalApplication>(File.ReadAllText(casePath), JsonSerializerOptions.Web);
            }
            catch (Exception ex) when (ex is JsonException or IOException)
            {
                output.WriteLine($"{casePath}: not a canonical application ({ex.Message})");
                return 2;
            }
            dispatch = dispatch with { Application = application! with { ItemCode = item } };
        }
        try
        {
            var body = profiles.For(department).Render(dispatch);
            output.WriteLine($"# {department} profile {body.ProfileVersion}: {body.ContentType}; charset={body.Charset}; {body.Bytes.Length} bytes; dispatch '{chosen.Shape}'");
            output.WriteLine(body.Text);
            foreach (var (suffix, content) in body.Attachments) output.WriteLine($"# beside it: {dispatch.DispatchId}.{suffix} ({content.Length} bytes)");
            return 0;
        }
        catch (DispatchRenderingException ex)
        {
            output.WriteLine($"Cannot render: {ex.Message}");
            return 1;
        }
    }
}
