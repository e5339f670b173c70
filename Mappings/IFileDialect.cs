using System.Text;
using Gateway.Contracts.Departments;

namespace Gateway.Mappings;

/// <summary>What a file-drop department's mapper adds: how its dispatch files are written and its result files read.</summary>
public interface IFileDialect
{
    /// <summary>Extension of dispatch and result files, without the dot.</summary>
    string Extension { get; }

    /// <summary>The encoding the department's system writes (a GBK-era system writes GBK); results in UTF-8 are read too.</summary>
    Encoding Encoding { get; }

    /// <summary>The dispatch file's content for the payload <see cref="IDepartmentPayloadMapper.Map"/> made.</summary>
    byte[] Write(object payload);

    /// <summary>Files that travel beside the dispatch file (electronic materials): their name suffix and bytes.</summary>
    IReadOnlyList<(string Suffix, byte[] Content)> Attachments(object payload);

    /// <summary>Reads a result file: one entry per data line, with the report or why the line cannot be read.</summary>
    IReadOnlyList<ResultLine> ReadResults(string text);
}

public sealed record ResultLine(int LineNumber, DepartmentEventReport? Report, string? Error);
