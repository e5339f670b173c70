using Gateway.Contracts.Departments;
using Gateway.Simulators.Common;
using Microsoft.Extensions.Logging;

namespace Gateway.Simulators.FileDrop;

/// <summary>Reports as result files: one CSV per report in the gateway's inbound folder, written to a temporary name, renamed, then marked done.</summary>
public sealed class FileReportSender(FileDropSimulatorOptions options, DepartmentState state, ILogger<FileReportSender> logger) : ReportSender(state, logger)
{
    protected override Task<(Delivery, string?)> SendOnceAsync(DepartmentEventReport report, CancellationToken ct)
    {
        try
        {
            Directory.CreateDirectory(options.ResultFolder);
            var path = Path.Combine(options.ResultFolder, $"JG-{report.EventId}.csv");
            var content = SocialSecurityFiles.EncodingNamed(options.ResultEncoding)
                .GetBytes(SocialSecurityFiles.ResultHeader + "\r\n" + SocialSecurityFiles.ResultLine(report) + "\r\n");
            File.WriteAllBytes(path + ".tmp", content);
            File.Move(path + ".tmp", path, overwrite: true);
            File.WriteAllBytes(path + ".done", []);
            return Task.FromResult<(Delivery, string?)>((Delivery.Done, null));
        }
        catch (IOException ex)
        {
            return Task.FromResult<(Delivery, string?)>((Delivery.TryLater, ex.Message));
        }
    }
}
