using System.ComponentModel.DataAnnotations;
using System.Security.Cryptography;
using System.Text;
using Gateway.Adapters;
using Gateway.Host.Catalogue;
using Gateway.Host.Persistence;
using Gateway.Mappings.Files;
using Gateway.Mappings.Profiles;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Gateway.Host.Departments.FileDrop;

/// <summary>Configuration section <c>FileDrop</c>.</summary>
public sealed class FileDropOptions
{
    public const string Section = "FileDrop";
    /// <summary>How often the inbound folders are looked at, in milliseconds.</summary>
    [Range(10, 3_600_000)]
    public int PollMilliseconds { get; set; } = 500;
    /// <summary>
    /// How many result files of a department are handled at once (files reporting on a common case always one after another). A file's
    /// handling is mostly waiting for its report and its record to commit, so many at once cost little more than one and share commits.
    /// </summary>
    [Range(1, 256)]
    public int ConcurrentFiles { get; set; } = 32;
    /// <summary>At most this many complete files are read at one look at a folder (the rest, in order, at the next).</summary>
    [Range(1, 10_000)]
    public int FilesPerScan { get; set; } = 500;
}

/// <summary>
/// Watches each file-drop department's inbound folder for result files. A file is read only once complete (its done-marker
/// <c>{file}.done</c> exists), decoded as UTF-8 or, failing that, in the department's own encoding (GBK), and each line handed to
/// the department report intake (so a line already taken before a restart is a harmless duplicate). The file then moves to
/// <c>.done/</c>, or to <c>.error/</c> with <c>{file}.reason.txt</c> beside it naming every line that could not be taken
/// (partial line, bad value, another department's case). A file already handled (same name and content) is not handled again.
/// Files are handled several at once (<see cref="FileDropOptions.ConcurrentFiles"/>), but files that report on a common case one
/// after another in the department's order (<see cref="ResultFileLanes"/>).
/// </summary>
public sealed class FileDropInbox(
    ServiceCatalogue catalogue,
    DepartmentProfiles profiles,
    IOptionsMonitor<DepartmentConnectionsOptions> connections,
    IOptions<FileDropOptions> options,
    DepartmentReportIntake intake,
    IDbContextFactory<GatewayDbContext> dbFactory,
    ILogger<FileDropInbox> logger) : BackgroundService
{
    static readonly Encoding StrictUtf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    // The record of each handled file; the files handled at the same moment are recorded in one transaction.
    readonly GroupCommit<ProcessedFile> _records = new(dbFactory, async (db, group) =>
    {
        db.ProcessedFiles.AddRange(group.Select(i => i.Value));
        await db.SaveChangesAsync(CancellationToken.None);
    }, logger);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            foreach (var department in catalogue.Departments.Where(d => d.Protocol == Protocols.FileDrop))
            {
                try
                {
                    await ScanAsync(department, stoppingToken);
                }
                catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
                {
                    return;
                }
                catch (Exception ex)
                {
                    logger.LogError(ex, "Scanning the inbound folder of {Department} failed; trying again", department.Code);
                }
            }
            await Task.Delay(options.Value.PollMilliseconds, stoppingToken).ContinueWith(_ => { }, CancellationToken.None);
        }
    }

    /// <summary>Handles every complete file in the department's inbound folder; returns how many files were handled.</summary>
    public async Task<int> ScanAsync(Department department, CancellationToken ct)
    {
        var folder = connections.CurrentValue.For(department.Code).InboundFolder;
        if (string.IsNullOrWhiteSpace(folder) || !profiles.Has(department.Code) || profiles.For(department.Code).File is not { } dialect) return 0;
        Directory.CreateDirectory(folder);
        var files = new List<ResultFile>();
        // In the order the department wrote them (then by name), so its reports arrive in its own order.
        foreach (var file in Directory.EnumerateFiles(folder, "*." + dialect.Extension)
                     .OrderBy(File.GetLastWriteTimeUtc).ThenBy(f => f, StringComparer.Ordinal))
        {
            if (!File.Exists(file + ".done")) continue; // still being written
            byte[] bytes;
            try
            {
                bytes = await File.ReadAllBytesAsync(file, ct);
            }
            catch (IOException)
            {
                continue; // locked or vanished; next round
            }
            files.Add(Read(dialect, file, bytes));
            if (files.Count == options.Value.FilesPerScan) break;
        }
        if (files.Count == 0) return 0;
        // One look for the files handled before under these names (a file sent again), not one for each file.
        var names = files.Select(f => Path.GetFileName(f.Path)).Distinct(StringComparer.Ordinal).ToList();
        Dictionary<(string Name, string Sha256), ProcessedFile> earlier;
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
            earlier = (await db.ProcessedFiles.AsNoTracking().Where(p => p.DepartmentCode == department.Code && names.Contains(p.FileName)).ToListAsync(ct))
                .ToDictionary(p => (p.FileName, p.Sha256));
        var lanes = ResultFileLanes.Build(files.Select(f => (IReadOnlyCollection<string>)f.CaseNos).ToList());
        await Parallel.ForEachAsync(lanes, new ParallelOptions { MaxDegreeOfParallelism = options.Value.ConcurrentFiles, CancellationToken = ct },
            async (lane, token) =>
            {
                // A lane stops at a file it cannot handle now (gone or changed since it was read, or failing), so that the case's later
                // files wait behind it for the next look; the other lanes go on.
                foreach (var index in lane)
                {
                    try
                    {
                        var file = files[index];
                        if (!await HandleAsync(department, folder, file, earlier.GetValueOrDefault((Path.GetFileName(file.Path), file.Sha256)), token)) break;
                    }
                    catch (Exception ex) when (!token.IsCancellationRequested)
                    {
                        logger.LogError(ex, "Result file {File} of {Department} could not be handled; trying again at the next look",
                            Path.GetFileName(files[index].Path), department.Code);
                        break;
                    }
                }
            });
        return files.Count;
    }

    /// <summary>A complete result file as read: its bytes, the encoding it was read in, its lines and the cases they name.</summary>
    sealed record ResultFile(string Path, byte[] Bytes, string Sha256, string Encoding, IReadOnlyList<ResultLine> Lines, IReadOnlySet<string> CaseNos);

    static ResultFile Read(FileDialect dialect, string file, byte[] bytes)
    {
        string text;
        string encoding;
        try
        {
            text = StrictUtf8.GetString(bytes).TrimStart('\uFEFF');
            encoding = "UTF-8";
        }
        catch (DecoderFallbackException)
        {
            text = dialect.Encoding.GetString(bytes);
            encoding = dialect.Encoding.WebName;
        }
        var lines = dialect.ReadResults(text);
        var caseNos = lines.Select(l => l.Report?.CaseNo).OfType<string>().Where(c => c.Length > 0).ToHashSet(StringComparer.Ordinal);
        return new ResultFile(file, bytes, Convert.ToHexStringLower(SHA256.HashData(bytes)), encoding, lines, caseNos);
    }

    /// <summary>
    /// Handles one file read a moment ago (<paramref name="earlier"/>: the record of a file of the same name and content handled before, if
    /// any); false when it is no longer there as read (another host took it, or a new file of the same name replaced it).
    /// </summary>
    async Task<bool> HandleAsync(Department department, string folder, ResultFile read, ProcessedFile? earlier, CancellationToken ct)
    {
        var (file, bytes, hash, encoding, lines) = (read.Path, read.Bytes, read.Sha256, read.Encoding, read.Lines);
        try
        {
            if (!(await File.ReadAllBytesAsync(file, ct)).AsSpan().SequenceEqual(bytes)) return false;
        }
        catch (IOException)
        {
            return false;
        }
        var name = Path.GetFileName(file);
        if (earlier is not null)
        {
            Move(folder, file, ".error", $"duplicate: this file (same name and content) was already handled at {earlier.ProcessedAt:O} " +
                                         $"with outcome '{earlier.Outcome}'; nothing was done again");
            return true;
        }

        var problems = new List<string>();
        foreach (var line in lines)
        {
            if (line.Error is not null)
            {
                problems.Add($"line {line.LineNumber}: {line.Error}");
                await intake.RecordRefusalAsync(department.Code, null, null, "invalid", ["line"], $"{file}, line {line.LineNumber}: {line.Error}", ct);
                continue;
            }
            var outcome = await intake.TakeAsync(department, line.Report, ct);
            switch (outcome)
            {
                case DepartmentReportIntake.Outcome.Invalid invalid:
                    problems.Add($"line {line.LineNumber}: " + string.Join("; ", invalid.Errors.Select(e => $"{e.Key} {string.Join(", ", e.Value)}")));
                    break;
                case DepartmentReportIntake.Outcome.Refused refused:
                    problems.Add($"line {line.LineNumber}: {refused.Title}: {refused.Detail}");
                    break;
            }
        }

        var result = problems.Count == 0 ? "done" : "error";
        try
        {
            // Not cancelled half-way: once its lines are taken the file is recorded and moved.
            await _records.WriteAsync(new ProcessedFile
            {
                DepartmentCode = department.Code, FileName = name, Sha256 = hash, ProcessedAt = DateTime.UtcNow, Outcome = result,
                Lines = lines.Count, FailedLines = problems.Count,
            });
        }
        catch (DbUpdateException)
        {
            // Handled by another host at the same moment: its record stands. Not recorded at all (the database out of reach): the file
            // stays where it is and is read again at the next look (its lines are then duplicates), so a copy sent later is still known.
            await using var check = await dbFactory.CreateDbContextAsync(CancellationToken.None);
            if (!await check.ProcessedFiles.AnyAsync(p => p.DepartmentCode == department.Code && p.FileName == name && p.Sha256 == hash, CancellationToken.None))
                throw;
        }
        if (problems.Count == 0) Move(folder, file, ".done", null);
        else
        {
            Move(folder, file, ".error", $"{problems.Count} of {lines.Count} line(s) not taken (read as {encoding}):\n" + string.Join("\n", problems));
            logger.LogWarning("Result file {File} of {Department}: {Count} line(s) not taken", name, department.Code, problems.Count);
        }
        logger.LogInformation("Result file {File} of {Department} handled ({Lines} lines, {Encoding})", name, department.Code, lines.Count, encoding);
        return true;
    }

    static void Move(string folder, string file, string subfolder, string? reason)
    {
        if (!File.Exists(file)) return;   // moved by another host sharing the folder
        var target = Path.Combine(folder, subfolder);
        Directory.CreateDirectory(target);
        var name = Path.GetFileName(file);
        var destination = Path.Combine(target, name);
        if (File.Exists(destination)) destination = Path.Combine(target, $"{Path.GetFileNameWithoutExtension(name)}.{DateTime.UtcNow:yyyyMMddHHmmssfff}{Path.GetExtension(name)}");
        if (reason is not null) File.WriteAllText(destination + ".reason.txt", reason + "\n", Encoding.UTF8);
        // The file goes first, so a stop in between never leaves a file without its marker. A file of the same name delivered again
        // the moment this one has gone keeps the marker.
        File.Move(file, destination);
        if (!File.Exists(file) && File.Exists(file + ".done")) File.Move(file + ".done", destination + ".done", overwrite: true);
    }
}
