using Gateway.Simulators.Common;
using Gateway.Simulators.FileDrop;
using Gateway.Simulators.Rest;
using Gateway.Simulators.Soap;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Logging;

namespace Gateway.Simulators;

/// <summary>Starts the simulator a department's profile describes: REST, SOAP or file drop, by the profile's protocol.</summary>
public static class DepartmentSimulator
{
    public static WebApplication Build(DepartmentSimulatorOptions options, Action<ILoggingBuilder>? logging = null) => options.Profile.Profile.Protocol switch
    {
        "rest" => RestDepartmentSimulator.Build(options, logging),
        "soap" => SoapDepartmentSimulator.Build(options, logging),
        "filedrop" when options.DispatchFolder is null || options.ResultFolder is null =>
            throw new InvalidOperationException($"The file-drop simulator of {options.DepartmentCode} needs its dispatch and result folders"),
        "filedrop" => FileDropDepartmentSimulator.Build(options, logging),
        var other => throw new InvalidOperationException($"No simulator plays protocol '{other}' ({options.DepartmentCode})"),
    };

    /// <summary>Starts it; returns the app, the URL it listens on, and where dispatches go (null for file drop: the folder).</summary>
    public static async Task<(WebApplication App, string Url, string? DispatchEndpoint)> StartAsync(DepartmentSimulatorOptions options,
        Action<ILoggingBuilder>? logging = null, CancellationToken cancellationToken = default)
    {
        var (app, url) = await SimulatorHost.StartAsync(Build(options, logging), cancellationToken);
        var endpoint = options.Profile.Profile.Protocol == "filedrop" ? null : url.TrimEnd('/') + options.Spec.Path;
        return (app, url, endpoint);
    }
}
