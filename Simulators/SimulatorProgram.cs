using Gateway.Simulators.Rest;

namespace Gateway.Simulators;

/// <summary>
/// Runs one simulator alone:
/// <c>dotnet run --project Simulators -- rest --url http://127.0.0.1:5081 --gateway http://127.0.0.1:5080 --department SCJG --secret S [--api-key K] [--outcome approve]</c>
/// </summary>
public static class SimulatorProgram
{
    public static async Task<int> Main(string[] args)
    {
        if (args.Length == 0 || args[0] is "-h" or "--help" || args[0] != "rest")
        {
            Console.Error.WriteLine("usage: Gateway.Simulators rest --url URL --gateway URL --department CODE --secret SECRET [--api-key KEY] [--outcome approve|refuse|not-accept]");
            return args.Length > 0 && args[0] is "-h" or "--help" ? 0 : 2;
        }

        var options = new RestSimulatorOptions();
        for (var i = 1; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            switch (args[i])
            {
                case "--url": options.Url = Next(); break;
                case "--gateway": options.GatewayUrl = Next(); break;
                case "--department": options.DepartmentCode = Next(); break;
                case "--secret": options.CallbackSecret = Next(); break;
                case "--api-key": options.ApiKey = Next(); break;
                case "--outcome": options.Behaviour = options.Behaviour with { Outcome = Next() }; break;
                default:
                    Console.Error.WriteLine($"unknown option {args[i]}");
                    return 2;
            }
        }
        if (string.IsNullOrEmpty(options.CallbackSecret))
        {
            Console.Error.WriteLine("--secret is required: the gateway refuses unsigned reports");
            return 2;
        }

        var app = RestDepartmentSimulator.Build(options);
        Console.WriteLine($"REST department simulator for {options.DepartmentCode} on {options.Url}, reporting to {options.GatewayUrl}");
        await app.RunAsync();
        return 0;
    }
}
