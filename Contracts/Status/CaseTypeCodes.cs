namespace Gateway.Contracts.Status;

/// <summary>Case type codes (办件类型) in the shape of the provincial exchange tables.</summary>
public static class CaseTypeCodes
{
    public const int Immediate = 1;
    public const int Promised = 2;
    public const int Joint = 3;
    public const int ReportUp = 4;

    public static int FromName(string caseType) => caseType switch
    {
        "immediate" => Immediate,
        "promised" => Promised,
        "joint" => Joint,
        "report-up" => ReportUp,
        _ => throw new ArgumentOutOfRangeException(nameof(caseType), caseType, "unknown case type"),
    };
}
