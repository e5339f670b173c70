namespace Gateway.Mappings.Profiles;

/// <summary>
/// A file-exchanging department's dialect: the dispatch file (one header and one row, columns rendered from Liquid expressions),
/// the electronic materials written beside it, and its result files (columns read into the canonical report).
/// </summary>
public sealed record FileSpec
{
    /// <summary>Extension of dispatch and result files, without the dot.</summary>
    public string Extension { get; init; } = "csv";

    /// <summary>Encoding the department's system writes and reads (GBK, GB18030, utf-8). Result files in UTF-8 are read too.</summary>
    public string Encoding { get; init; } = "utf-8";

    public string Separator { get; init; } = ",";

    /// <summary>What a separator inside a value is written as (a value can never break a column).</summary>
    public string SeparatorReplacement { get; init; } = "，";

    public string LineEnd { get; init; } = "\r\n";

    /// <summary>Dispatch columns: name and a Liquid expression over the dispatch model.</summary>
    public IReadOnlyList<FileColumn> Dispatch { get; init; } = [];

    /// <summary>Name suffix of each electronic material written beside the dispatch (a Liquid expression over <c>material</c>).</summary>
    public string? Attachment { get; init; }

    public ResultSpec Result { get; init; } = new();
}

public sealed record FileColumn(string Name, string Value);

/// <summary>The result file: its header and which column holds each field of the canonical report.</summary>
public sealed record ResultSpec
{
    public IReadOnlyList<string> Columns { get; init; } = [];

    public string EventId { get; init; } = "";
    public string CaseNo { get; init; } = "";
    /// <summary>Column of the report type, read back through the <see cref="TypeTable"/> code table.</summary>
    public string Type { get; init; } = "";
    public string TypeTable { get; init; } = "reportType";
    public string? OccurredAt { get; init; }
    /// <summary>Format of times (Beijing time), e.g. yyyyMMddHHmmss.</summary>
    public string TimeFormat { get; init; } = "yyyyMMddHHmmss";
    /// <summary>Format of dates, e.g. yyyyMMdd.</summary>
    public string DateFormat { get; init; } = "yyyyMMdd";
    public string? NoticeNo { get; init; }
    /// <summary>Column listing reasons, or, for a correction notice, its items (<c>code:description</c> or <c>description</c>).</summary>
    public string? Reasons { get; init; }
    public string ListSeparator { get; init; } = ";";
    public string? LicenceNo { get; init; }
    public string? LicenceType { get; init; }
    public string? HolderName { get; init; }
    public string? HolderIdNumber { get; init; }
    public string? ValidFrom { get; init; }
    public string? ValidUntil { get; init; }
}
