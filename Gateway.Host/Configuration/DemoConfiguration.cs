using Microsoft.Extensions.Configuration.Json;

namespace Gateway.Host.Configuration;

/// <summary>
/// The demo's configuration: its published keys, passwords and accounts live in <c>appsettings.Demo.json</c>, read only when
/// <c>Demo</c> is true (the <c>--demo</c> run command, joint tests on the embedded gateway, the benchmark, the fault suite and the tests
/// set it). The base <c>appsettings.json</c> holds no secret; a start that is not the demo must bring its own.
/// </summary>
public static class DemoConfiguration
{
    public const string Key = "Demo";
    public const string FileName = "appsettings.Demo.json";

    public static bool IsDemo(IConfiguration configuration) => configuration.GetValue<bool>(Key);

    /// <summary>Adds the demo file right after the application's own JSON files, so environment, command line and overrides still win.</summary>
    public static void AddIfDemo(IConfigurationBuilder builder, IConfiguration current)
    {
        if (!IsDemo(current)) return;
        var source = new JsonConfigurationSource { Path = FileName, Optional = false, ReloadOnChange = false };
        source.ResolveFileProvider();
        if (source.FileProvider is null) source.FileProvider = new Microsoft.Extensions.FileProviders.PhysicalFileProvider(AppContext.BaseDirectory);
        var sources = builder.Sources;
        var lastJson = -1;
        for (var i = 0; i < sources.Count; i++)
            if (sources[i] is JsonConfigurationSource) lastJson = i;
        sources.Insert(lastJson + 1, source);
    }

    /// <summary>The application's configuration files with the demo's over them, as tools outside a host (simulator rig, load drivers) read them.</summary>
    public static IConfiguration Build() => new ConfigurationBuilder().SetBasePath(AppContext.BaseDirectory)
        .AddJsonFile("appsettings.json").AddJsonFile(FileName).Build();

    /// <summary>Every value of the demo file by its configuration key (<c>Departments:SCJG:CallbackSecret</c>).</summary>
    public static IReadOnlyDictionary<string, string> Values()
    {
        var demo = new ConfigurationBuilder().SetBasePath(AppContext.BaseDirectory).AddJsonFile(FileName, optional: true).Build();
        return demo.AsEnumerable().Where(kv => kv.Value is { Length: > 0 }).ToDictionary(kv => kv.Key, kv => kv.Value!, StringComparer.OrdinalIgnoreCase);
    }
}
