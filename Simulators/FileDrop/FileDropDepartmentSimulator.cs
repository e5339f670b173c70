using Gateway.Simulators.Common;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Gateway.Simulators.FileDrop;

/// <summary>
/// A simulated batch system that exchanges files only (the social security bureau's card system). It polls the folder the gateway
/// drops dispatch files into, takes each complete file (done-marker present) once, archives it under <c>.taken/</c>, and writes its
/// reports as GBK result files into the gateway's inbound folder on its own schedule. Scripting: the usual <c>/sim/...</c> endpoints.
/// </summary>
public static class FileDropDepartmentSimulator
{
    public static WebApplication Build(FileDropSimulatorOptions options, Action<ILoggingBuilder>? logging = null)
    {
        var builder = SimulatorHost.CreateBuilder(options.Url, options.Behaviour, logging);
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton<FileReportSender>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<FileReportSender>());
        builder.Services.AddHostedService<DispatchFolderReader>();
        var app = builder.Build();
        SimulatorScripting.Map(app);
        return app;
    }

    public static Task<(WebApplication App, string Url)> StartAsync(FileDropSimulatorOptions options, Action<ILoggingBuilder>? logging = null,
        CancellationToken cancellationToken = default) => SimulatorHost.StartAsync(Build(options, logging), cancellationToken);

    sealed class DispatchFolderReader(FileDropSimulatorOptions options, DepartmentState state, FileReportSender sender, ILogger<DispatchFolderReader> logger)
        : BackgroundService
    {
        protected override async Task ExecuteAsync(CancellationToken stoppingToken)
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                try
                {
                    ReadOnce();
                }
                catch (IOException ex)
                {
                    logger.LogWarning("Dispatch folder not readable: {Message}", ex.Message);
                }
                await Task.Delay(options.PollMilliseconds, stoppingToken).ContinueWith(_ => { }, CancellationToken.None);
            }
        }

        void ReadOnce()
        {
            Directory.CreateDirectory(options.DispatchFolder);
            var archive = Path.Combine(options.DispatchFolder, ".taken");
            foreach (var file in Directory.EnumerateFiles(options.DispatchFolder, "*.csv").Order(StringComparer.Ordinal))
            {
                if (!File.Exists(file + ".done")) continue;
                if (state.Outage is not null) return; // the batch job is not running
                state.CountCall();
                var dispatch = SocialSecurityFiles.ReadDispatch(SocialSecurityFiles.EncodingNamed("GBK").GetString(File.ReadAllBytes(file)));
                Directory.CreateDirectory(archive);
                var id = Path.GetFileNameWithoutExtension(file);
                foreach (var part in Directory.EnumerateFiles(options.DispatchFolder, id + ".*"))
                    File.Move(part, Path.Combine(archive, Path.GetFileName(part)), overwrite: true);
                if (dispatch is not { } d || !SocialSecurityFiles.Items.TryGetValue(d.Item, out var licence))
                {
                    logger.LogWarning("Dispatch file {File} is not a card application this system handles", Path.GetFileName(file));
                    continue;
                }
                if (d.Withdrawn)
                {
                    state.Withdraw(d.CaseNo);
                    continue;
                }
                var behaviour = state.Behaviour;
                var (stored, fresh) = state.Take(d.CaseNo, d.Round, d.PreReview, () => new SimulatedCase(d.CaseNo, state.NextReference(options.DepartmentCode), d.Item,
                    d.Name, d.IdNumber, DateTime.UtcNow, 1, [], d.Round, d.MaterialCodes));
                if (fresh && !d.DecidedAtWindow) sender.Play(stored, behaviour, options.DepartmentCode, licence);
            }
        }
    }
}
