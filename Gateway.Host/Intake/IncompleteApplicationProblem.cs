namespace Gateway.Host.Intake;

/// <summary>
/// How the 422 answer to an incomplete application reads (一次性告知): problem details whose extension members carry the one-time
/// notice (<see cref="OneTimeNotices.IssueAsync"/> writes them): its number, where to read it again, and every material to supply.
/// Described for the API document; the answer itself is written as problem details.
/// </summary>
public sealed record IncompleteApplicationProblem(string Type, string Title, int Status, string Detail, string NoticeNo, string Notice,
    IReadOnlyList<ApplicationValidator.NoticeItem> Items);
