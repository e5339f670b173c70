using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Gateway.Simulators.Common;

/// <summary>The web host every simulator runs in: a slim ASP.NET Core app on one URL, its state, and its scripting endpoints.</summary>
public static class SimulatorHost
{
    /// <summary>The builder; with <paramref name="journalFile"/> the department's cases are kept in that file across restarts.</summary>
    public static WebApplicationBuilder CreateBuilder(string url, SimulatorBehaviour behaviour, Action<ILoggingBuilder>? logging, string? journalFile = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls(url);
        builder.Logging.ClearProviders();
        if (logging is null) builder.Logging.AddSimpleConsole(o => o.SingleLine = true);
        else logging(builder.Logging);
        builder.Services.AddSingleton(new DepartmentState(behaviour, journalFile));
        return builder;
    }

    /// <summary>Starts the simulator and returns the URL it actually listens on (useful with port 0).</summary>
    public static async Task<(WebApplication App, string Url)> StartAsync(WebApplication app, CancellationToken cancellationToken)
    {
        await app.StartAsync(cancellationToken);
        var url = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        return (app, url);
    }
}
