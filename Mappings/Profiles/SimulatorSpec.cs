namespace Gateway.Mappings.Profiles;

/// <summary>
/// How the department's generated simulator reads a dispatch (paths into the request the profile renders) and answers it (reply
/// templates), and the licence each of its items issues.
/// </summary>
public sealed record SimulatorSpec
{
    /// <summary>Path its dispatch endpoint listens on (REST, SOAP).</summary>
    public string Path { get; init; } = "/";

    public SimulatorRead Read { get; init; } = new();

    /// <summary>Value of a flag field meaning yes (default "1").</summary>
    public string FlagTrue { get; init; } = "1";

    /// <summary>Reply templates: taken, refused, transient. Model: <c>reply.code</c>, <c>reply.reference</c>, <c>reply.message</c>.</summary>
    public IReadOnlyDictionary<string, string> Replies { get; init; } = new Dictionary<string, string>();

    /// <summary>Reply codes the simulator uses: taken, refused, transient, unknownItem, badHash, badRequest, unauthorised.</summary>
    public IReadOnlyDictionary<string, string> Codes { get; init; } = new Dictionary<string, string>();

    /// <summary>The department's item codes (its own) and the licence each issues.</summary>
    public IReadOnlyDictionary<string, SimulatedItem> Items { get; init; } = new Dictionary<string, SimulatedItem>();
}

public sealed record SimulatorRead
{
    public string CaseNo { get; init; } = "";
    public string Item { get; init; } = "";
    public string? ApplicantName { get; init; }
    public string IdNumber { get; init; } = "";
    public string? CorrectionRound { get; init; }
    public string? Withdrawn { get; init; }
    public string? WithdrawalReason { get; init; }
    public string? DecidedAtWindow { get; init; }
    public string? PreReview { get; init; }
    /// <summary>Path of the materials list; the three fields below are relative to one material.</summary>
    public string? Materials { get; init; }
    public string? MaterialCode { get; init; }
    public string? MaterialContent { get; init; }
    public string? MaterialSha256 { get; init; }
}

public sealed record SimulatedItem(string LicenceType, int ValidYears = 0);
