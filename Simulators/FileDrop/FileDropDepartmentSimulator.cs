using System.Text;
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
/// A simulated batch system that exchanges files only, generated from the department's profile (its file dialect). It polls the
/// folder the gateway drops dispatch files into, takes each complete file (done-marker present) once, archives it under
/// <c>.taken/</c>, reads the row by the profile's columns, and writes its reports as result files in the dialect (its own encoding,
/// or UTF-8) into the gateway's inbound folder on its own schedule. Scripting: the usual <c>/sim/...</c> endpoints.
/// </summary>
public static class FileDropDepartmentSimulator
{
    public static WebApplication Build(DepartmentSimulatorOptions options, Action<ILoggingBuilder>? logging = null)
    {
        var builder = SimulatorHost.CreateBuilder(options.Url, options.Behaviour, logging, options.JournalFile);
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton<FileReportSender>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<FileReportSender>());
        builder.Services.AddHostedService<DispatchFolderReader>();
        var app = builder.Build();
        SimulatorScripting.Map(app);
        return app;
    }

    public static Task<(WebApplication App, string Url)> StartAsync(DepartmentSimulatorOptions options, Action<ILoggingBuilder>? logging = null,
        CancellationToken cancellationToken = default) => SimulatorHost.StartAsync(Build(options, logging), cancellationToken);

    sealed class DispatchFolderReader(DepartmentSimulatorOptions options, DepartmentState state, FileReportSender sender, ILogger<DispatchFolderReader> logger)
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
            var folder = options.DispatchFolder!;
            var dialect = options.Profile.File!;
            Directory.CreateDirectory(folder);
            var archive = Path.Combine(folder, ".taken");
            foreach (var file in Directory.EnumerateFiles(folder, "*." + dialect.Extension).Order(StringComparer.Ordinal))
            {
                if (!File.Exists(file + ".done")) continue;
                if (state.Outage is not null) return; // the batch job is not running
                state.CountCall();
                var bytes = File.ReadAllBytes(file);
                string text;
                try
                {
                    text = dialect.Encoding.GetString(bytes);
                }
                catch (DecoderFallbackException)
                {
                    text = Encoding.UTF8.GetString(bytes);
                }
                var row = dialect.ReadDispatch(text);
                Directory.CreateDirectory(archive);
                var id = Path.GetFileNameWithoutExtension(file);
                foreach (var part in Directory.EnumerateFiles(folder, id + ".*"))
                    File.Move(part, Path.Combine(archive, Path.GetFileName(part)), overwrite: true);
                var d = row is null ? null : SimulatedDispatch.Read(row, options.Spec);
                if (d is not { CaseNo: { Length: > 0 } caseNo, Item: { } item, IdNumber: { Length: > 0 } } || !options.Spec.Items.TryGetValue(item, out var licence))
                {
                    logger.LogWarning("Dispatch file {File} is not a dispatch this system handles", Path.GetFileName(file));
                    continue;
                }
                if (d.Withdrawn)
                {
                    state.Withdraw(caseNo);
                    continue;
                }
                var behaviour = state.Behaviour;
                var (stored, fresh) = state.Take(caseNo, d.CorrectionRound, d.PreReview, () => d.NewCase(state.NextReference(options.DepartmentCode)));
                if (fresh && !d.DecidedAtWindow) sender.Play(stored, behaviour, options.DepartmentCode, (licence.LicenceType, licence.ValidYears));
            }
        }
    }
}
