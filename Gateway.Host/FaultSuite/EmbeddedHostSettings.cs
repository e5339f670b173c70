using Gateway.Adapters;

namespace Gateway.Host.FaultSuite;

/// <summary>
/// The gateway as the README's run command starts it (the embedded default: a SQLite file, the in-memory bus, the departments'
/// simulators, clerk bots and the provincial platform inside the process), with everything it keeps placed in one work folder so that
/// a killed and restarted host finds it again: the database, the file-drop folders and the simulators' journals.
/// </summary>
public static class EmbeddedHostSettings
{
    public static Dictionary<string, string?> For(string work)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Database:Provider"] = "Sqlite",
            ["ConnectionStrings:Gateway"] = $"Data Source={DatabaseFile(work)}",
            ["Bus:Transport"] = "InMemory",
            ["Simulators:Embedded"] = "true",
            ["Simulators:ProvincialPlatform"] = "true",
            ["Simulators:StateFolder"] = Path.Combine(work, "simulators"),
            ["FileDrop:PollMilliseconds"] = "100",
        };
        // Every file-drop department of the demo's configuration gets its folders in the work folder.
        var departments = Configuration.DemoConfiguration.Build().GetSection(DepartmentConnectionsOptions.Section).Get<DepartmentConnectionsOptions>() ?? new();
        foreach (var (code, connection) in departments)
        {
            if (string.IsNullOrWhiteSpace(connection.OutboundFolder)) continue;
            settings[$"Departments:{code}:OutboundFolder"] = Path.Combine(work, "filedrop", code, "to-department");
            settings[$"Departments:{code}:InboundFolder"] = Path.Combine(work, "filedrop", code, "from-department");
        }
        return settings;
    }

    public static string DatabaseFile(string work) => Path.Combine(work, "gateway.db");
}
