using System.Globalization;
using Gateway.Adapters;
using Gateway.Host.Catalogue;
using Gateway.Mappings;
using Gateway.Mappings.Profiles;
using Microsoft.Extensions.Options;

namespace Gateway.Host.Departments.Profiles;

/// <summary>
/// Loads the department profiles (<c>Catalogue:DepartmentsPath</c>, default <c>Data/Departments</c>) and checks them against the
/// catalogue before the host starts: a broken profile stops the start-up with every problem named by file and line. Applies each
/// profile's resilience defaults where configuration sets none.
/// </summary>
public static class DepartmentProfilesModule
{
    public static IHostApplicationBuilder AddDepartmentProfiles(this IHostApplicationBuilder builder)
    {
        var folder = ProfilesFolder(builder.Configuration);
        var catalogue = builder.LoadedCatalogue();
        var profiles = new DepartmentProfiles(folder);
        var problems = ProfileChecker.Check(profiles, View(catalogue));
        if (problems.Count > 0)
            throw new InvalidOperationException(
                $"The department profiles in {folder} have {problems.Count} problem(s); the gateway does not start with them:{Environment.NewLine}" +
                string.Join(Environment.NewLine, problems.Select(p => "  " + p)));
        if (!Configuration.DemoConfiguration.IsDemo(builder.Configuration) && Configuration.SecretsCheck.Problems(builder.Configuration, profiles, catalogue) is
            { Count: > 0 } missing)
            throw new InvalidOperationException(
                $"The gateway does not start without its own secrets ({missing.Count} problem(s)); the demo's are for --demo only:{Environment.NewLine}" +
                string.Join(Environment.NewLine, missing.Select(p => "  " + p)));
        builder.Services.AddSingleton(profiles);
        var configuration = builder.Configuration;
        builder.Services.AddSingleton<IPostConfigureOptions<DepartmentConnectionsOptions>>(new ResilienceDefaults(profiles, configuration));
        return builder;
    }

    public static string ProfilesFolder(IConfiguration configuration) =>
        DataFiles.Resolve(configuration[$"{CatalogueOptions.Section}:DepartmentsPath"] ?? "Data/Departments");

    public static string CataloguePath(IConfiguration configuration) =>
        DataFiles.Resolve((configuration.GetSection(CatalogueOptions.Section).Get<CatalogueOptions>() ?? new CatalogueOptions()).Path);

    /// <summary>What the profile checks need of the catalogue: every department, every item code with the materials of all its versions.</summary>
    public static CatalogueView View(ServiceCatalogue catalogue) => new(
        catalogue.Departments.Select(d => new CatalogueView.DepartmentEntry(d.Code, d.Protocol)).ToList(),
        catalogue.AllVersions.GroupBy(i => i.Code).Select(g => new CatalogueView.ItemEntry(g.Key, g.First().DepartmentCode,
            g.SelectMany(i => i.Materials.Select(m => m.Code)).Distinct().ToList(),
            g.SelectMany(i => i.DeliveryMethods ?? Gateway.Contracts.Applications.DeliveryMethods.All).Distinct().ToList())).ToList());

    /// <summary>A profile's resilience settings, for the keys configuration leaves unset.</summary>
    sealed class ResilienceDefaults(DepartmentProfiles profiles, IConfiguration configuration) : IPostConfigureOptions<DepartmentConnectionsOptions>
    {
        public void PostConfigure(string? name, DepartmentConnectionsOptions options)
        {
            foreach (var mapper in profiles.All)
            {
                if (mapper.Profile.Resilience is not { } r) continue;
                var code = mapper.DepartmentCode;
                if (!options.TryGetValue(code, out var o)) options[code] = o = new DepartmentConnectionOptions();
                bool Unset(string key) => configuration[$"{DepartmentConnectionsOptions.Section}:{code}:{key}"] is null;
                if (r.TimeoutSeconds is { } t && Unset(nameof(o.TimeoutSeconds))) o.TimeoutSeconds = t;
                if (r.RetryAttempts is { } a && Unset(nameof(o.RetryAttempts))) o.RetryAttempts = a;
                if (r.RetryDelayMilliseconds is { } d && Unset(nameof(o.RetryDelayMilliseconds))) o.RetryDelayMilliseconds = d;
                if (r.BreakerFailureRatio is { } f && Unset(nameof(o.BreakerFailureRatio))) o.BreakerFailureRatio = f;
                if (r.BreakerMinimumThroughput is { } m && Unset(nameof(o.BreakerMinimumThroughput))) o.BreakerMinimumThroughput = m;
                if (r.BreakerBreakSeconds is { } b && Unset(nameof(o.BreakerBreakSeconds))) o.BreakerBreakSeconds = b;
            }
        }
    }
}
