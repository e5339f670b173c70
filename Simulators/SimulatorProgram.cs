using Gateway.Simulators.Rest;
using Gateway.Simulators.Soap;

namespace Gateway.Simulators;

/// <summary>
/// Runs one simulator alone:
/// <c>dotnet run --project Simulators -- rest --url http://127.0.0.1:5081 --gateway http://127.0.0.1:5080 --department SCJG --secret S [--api-key K] [--outcome approve]</c>
/// <c>dotnet run --project Simulators -- soap --url http://127.0.0.1:5082 --gateway http://127.0.0.1:5080 --department GA --secret S [--username U --password P] [--outcome approve]</c>
/// </summary>
public static class SimulatorProgram
{
    const string Usage =
        "usage: Gateway.Simulators rest|soap --url URL --gateway URL --department CODE --secret SECRET " +
        "[--api-key KEY (rest)] [--username U --password P (soap: the gateway's UsernameToken)] [--outcome approve|refuse|not-accept]\n" +
        "       Gateway.Simulators filedrop --dispatch-folder DIR --result-folder DIR [--department RS] [--encoding GBK|UTF-8] [--url URL] [--outcome …]\n" +
        "       Gateway.Simulators platform --url URL [--api-key KEY]   (the provincial platform taking the status feed)";

    public static async Task<int> Main(string[] args)
    {
        if (args.Length == 0 || args[0] is not ("rest" or "soap" or "filedrop" or "platform"))
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
        var known = new[] { "url", "gateway", "department", "secret", "api-key", "username", "password", "outcome", "dispatch-folder", "result-folder", "encoding" };
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
        if (args[0] == "filedrop")
        {
            if (!values.TryGetValue("dispatch-folder", out var dispatchFolder) || !values.TryGetValue("result-folder", out var resultFolder))
            {
                Console.Error.WriteLine($"--dispatch-folder and --result-folder are required\n{Usage}");
                return 2;
            }
            var fileOptions = new FileDrop.FileDropSimulatorOptions
            {
                DepartmentCode = values.GetValueOrDefault("department", "RS"), DispatchFolder = dispatchFolder, ResultFolder = resultFolder,
                ResultEncoding = values.GetValueOrDefault("encoding", "GBK"), Url = values.GetValueOrDefault("url", "http://127.0.0.1:5083"), Behaviour = behaviour0,
            };
            var fileApp = FileDrop.FileDropDepartmentSimulator.Build(fileOptions);
            Console.WriteLine($"File-drop department simulator for {fileOptions.DepartmentCode}: reads {dispatchFolder}, writes {resultFolder}; scripting on {fileOptions.Url}/sim");
            await fileApp.RunAsync();
            return 0;
        }
        if (!values.TryGetValue("secret", out var secret) || secret.Length == 0)
        {
            Console.Error.WriteLine("--secret is required: the gateway refuses reports it cannot authenticate");
            return 2;
        }
        var behaviour = behaviour0;

        Microsoft.AspNetCore.Builder.WebApplication app;
        if (args[0] == "rest")
        {
            var options = new RestSimulatorOptions
            {
                Url = values.GetValueOrDefault("url", "http://127.0.0.1:5081"), GatewayUrl = values.GetValueOrDefault("gateway", "http://127.0.0.1:5080"),
                DepartmentCode = values.GetValueOrDefault("department", "SCJG"), CallbackSecret = secret, ApiKey = values.GetValueOrDefault("api-key"),
                Behaviour = behaviour,
            };
            app = RestDepartmentSimulator.Build(options);
            Console.WriteLine($"REST department simulator for {options.DepartmentCode} on {options.Url}, reporting to {options.GatewayUrl}");
        }
        else
        {
            var options = new SoapSimulatorOptions
            {
                Url = values.GetValueOrDefault("url", "http://127.0.0.1:5082"), GatewayUrl = values.GetValueOrDefault("gateway", "http://127.0.0.1:5080"),
                DepartmentCode = values.GetValueOrDefault("department", "GA"), CallbackSecret = secret,
                ExpectedUsername = values.GetValueOrDefault("username"), ExpectedPassword = values.GetValueOrDefault("password"), Behaviour = behaviour,
            };
            app = SoapDepartmentSimulator.Build(options);
            Console.WriteLine($"SOAP department simulator for {options.DepartmentCode} on {options.Url}{HouseholdRegistration.ServicePath} " +
                              $"(WSDL: ?wsdl), reporting to {options.GatewayUrl}");
        }
        await app.RunAsync();
        return 0;
    }
}
