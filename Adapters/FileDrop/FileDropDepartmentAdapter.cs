using Gateway.Contracts.Messages;
using Gateway.Mappings.Profiles;
using Gateway.Mappings.Rendering;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Gateway.Adapters.FileDrop;

/// <summary>
/// Delivers a dispatch to a batch system that only exchanges files: writes the department's dispatch file (and electronic materials
/// beside it) into its outbound folder. Every file is written under a temporary name and renamed into place; a done-marker
/// (<c>{file}.done</c>) written last tells the department the set is complete. Writing the same dispatch again replaces the same
/// files, so a redelivery does not create a second dispatch. A folder that cannot be written is retried like a department that is down.
/// </summary>
public sealed class FileDropDepartmentAdapter(
    DepartmentProfiles profiles,
    IOptionsMonitor<DepartmentConnectionsOptions> connections,
    ILogger<FileDropDepartmentAdapter> logger) : IDepartmentAdapter
{
    public string Protocol => "filedrop";

    public Task<DispatchOutcome> DispatchAsync(DispatchToDepartment dispatch, CancellationToken cancellationToken)
    {
        var department = dispatch.DepartmentCode;
        var folder = connections.CurrentValue.For(department).OutboundFolder;
        if (string.IsNullOrWhiteSpace(folder))
            throw new DepartmentUnavailableException(department, $"no outbound folder is configured (Departments:{department}:OutboundFolder)");
        var mapper = profiles.For(department);
        var dialect = mapper.File ?? throw new InvalidOperationException($"The profile of {department} has no file dialect");

        RenderedBody body;
        try
        {
            body = mapper.Render(dispatch);
        }
        catch (DispatchRenderingException ex)
        {
            logger.LogError("Dispatch {DispatchId} cannot be written for {Department}: {Reason}", dispatch.DispatchId, department, ex.Message);
            return Task.FromResult<DispatchOutcome>(new DispatchOutcome.Rejected(ex.Message));
        }

        try
        {
            Directory.CreateDirectory(folder);
            foreach (var (suffix, content) in body.Attachments)
                WriteAtomically(Path.Combine(folder, $"{dispatch.DispatchId}.{suffix}"), content);
            var file = Path.Combine(folder, $"{dispatch.DispatchId}.{dialect.Extension}");
            WriteAtomically(file, body.Bytes);
            WriteAtomically(file + ".done", []);
            logger.LogInformation("Dispatch {DispatchId} written for {Department} as {File}", dispatch.DispatchId, department, Path.GetFileName(file));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new DepartmentUnavailableException(department, $"cannot write to {folder}: {ex.Message}", ex);
        }
        return Task.FromResult<DispatchOutcome>(new DispatchOutcome.Delivered(null));
    }

    static void WriteAtomically(string path, byte[] content)
    {
        var temp = path + ".tmp";
        File.WriteAllBytes(temp, content);
        File.Move(temp, path, overwrite: true);
    }
}
