using Gateway.Mappings.Profiles;

namespace Gateway.Simulators;

/// <summary>
/// Runs one simulator alone. A department's simulator is generated from its profile:
/// <c>dotnet run --project Simulators -- department --profiles Gateway.Host/Data/Departments --department SCJG --url http://127.0.0.1:5081 --gateway http://127.0.0.1:5080 --secret S [--api-key K]</c>
/// </summary>
public static class SimulatorProgram
{
    const string Usage =
        "usage: Gateway.Simulators department --department CODE [--profiles DIR (default Gateway.Host/Data/Departments)] --url URL --gateway URL --secret SECRET\n" +
        "         [--api-key KEY (rest)] [--username U --password P (soap: the gateway's UsernameToken)]\n" +
        "         [--dispatch-folder DIR --result-folder DIR [--encoding UTF-8] (file drop)] [--outcome approve|refuse|not-accept]\n" +
        "       Gateway.Simulators platform --url URL [--api-key KEY]   (the provincial platform taking the status feed)";

    public static async Task<int> Main(string[] args)
    {
        if (args.Length == 0 || args[0] is not ("department" or "platform"))
        {
            Console.Error.WriteLine(Usage);
            return args.Length > 0 && args[0] is "-h" or "--help" ? 0 : 2;
        }

        var values = new Dictionary<string, string>();
        for (var i = 1; i < args.Length; i++)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Length)
            {
                Console.Error.WriteLine($"{args[i]}: expected --option value\n{Usage}");
                return 2;
            }
            values[args[i][2..]] = args[++i];
        }
        var known = new[] { "url", "gateway", "department", "profiles", "secret", "api-key", "username", "password", "outcome", "dispatch-folder", "result-folder", "encoding" };
        if (values.Keys.FirstOrDefault(k => !known.Contains(k)) is { } unknown)
        {
            Console.Error.WriteLine($"unknown option --{unknown}\n{Usage}");
            return 2;
        }
        if (args[0] == "platform")
        {
            var url = values.GetValueOrDefault("url", "http://127.0.0.1:5090");
            var platform = Provincial.ProvincialPlatformSimulator.Build(url, values.GetValueOrDefault("api-key"));
            Console.WriteLine($"Provincial platform simulator: takes the status feed at {url}{Provincial.ProvincialPlatformSimulator.FeedPath}; scripting on {url}/sim");
            await platform.RunAsync();
            return 0;
        }
        var behaviour0 = new Common.SimulatorBehaviour { Outcome = values.GetValueOrDefault("outcome", Common.SimulatorBehaviour.Outcomes.Approve) };
        if (!values.TryGetValue("department", out var department))
        {
            Console.Error.WriteLine($"--department is required\n{Usage}");
            return 2;
        }
        var profiles = new DepartmentProfiles(values.GetValueOrDefault("profiles", Path.Combine("Gateway.Host", "Data", "Departments")));
        if (!profiles.Has(department))
        {
            Console.Error.WriteLine($"No profile of {department} under {profiles.Root}");
            foreach (var problem in profiles.Problems) Console.Error.WriteLine(problem);
            return 2;
        }
        var profile = profiles.For(department);
        if (profile.Profile.Protocol != "filedrop" && values.GetValueOrDefault("secret") is not { Length: > 0 })
        {
            Console.Error.WriteLine("--secret is required: the gateway refuses reports it cannot authenticate");
            return 2;
        }
        var options = new Common.DepartmentSimulatorOptions
        {
            Profile = profile, Url = values.GetValueOrDefault("url", "http://127.0.0.1:5081"), GatewayUrl = values.GetValueOrDefault("gateway", "http://127.0.0.1:5080"),
            CallbackSecret = values.GetValueOrDefault("secret", ""), ApiKey = values.GetValueOrDefault("api-key"),
            ExpectedUsername = values.GetValueOrDefault("username"), ExpectedPassword = values.GetValueOrDefault("password"),
            DispatchFolder = values.GetValueOrDefault("dispatch-folder"), ResultFolder = values.GetValueOrDefault("result-folder"),
            ResultsInUtf8 = values.GetValueOrDefault("encoding", "").Equals("UTF-8", StringComparison.OrdinalIgnoreCase), Behaviour = behaviour0,
        };
        try
        {
            var app = DepartmentSimulator.Build(options);
            Console.WriteLine($"{profile.Profile.Protocol} simulator of {department} (profile {profile.Profile.Version}) on {options.Url}" +
                              (profile.File is null ? $"{options.Spec.Path}, reporting to {options.GatewayUrl}" : $": reads {options.DispatchFolder}, writes {options.ResultFolder}"));
            await app.RunAsync();
            return 0;
        }
        catch (InvalidOperationException ex)
        {
            Console.Error.WriteLine(ex.Message);
            return 2;
        }
    }
}
