using System.Text;
using Gateway.Contracts.Departments;
using Gateway.Mappings.Rendering;
using Gateway.Simulators.Common;
using Microsoft.Extensions.Logging;

namespace Gateway.Simulators.FileDrop;

/// <summary>
/// Reports as result files in the profile's dialect: one file per report in the gateway's inbound folder, written to a temporary name,
/// renamed, then marked done.
/// </summary>
public sealed class FileReportSender(DepartmentSimulatorOptions options, DepartmentState state, ILogger<FileReportSender> logger) : ReportSender(options, state, logger)
{
    protected override Task<(Delivery, string?)> SendOnceAsync(DepartmentEventReport report, CancellationToken ct)
    {
        var dialect = Options.Profile.File!;
        try
        {
            Directory.CreateDirectory(Options.ResultFolder!);
            var path = Path.Combine(Options.ResultFolder!, $"JG-{report.EventId}.{dialect.Extension}");
            var encoding = Options.ResultsInUtf8 ? new UTF8Encoding(false) : dialect.Encoding;
            var content = StrictEncodings.Encode(encoding, dialect.ResultHeader + "\r\n" + dialect.WriteResult(report) + "\r\n", "a result file");
            File.WriteAllBytes(path + ".tmp", content);
            File.Move(path + ".tmp", path, overwrite: true);
            File.WriteAllBytes(path + ".done", []);
            return Task.FromResult<(Delivery, string?)>((Delivery.Done, null));
        }
        catch (IOException ex)
        {
            return Task.FromResult<(Delivery, string?)>((Delivery.TryLater, ex.Message));
        }
        catch (DispatchRenderingException ex)
        {
            return Task.FromResult<(Delivery, string?)>((Delivery.Refused, ex.Message));
        }
    }
}
