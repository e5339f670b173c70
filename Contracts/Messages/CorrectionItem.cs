namespace Gateway.Contracts.Messages;

/// <summary>
/// One thing the applicant must correct or supply (补齐补正), as the department listed it: the material concerned when it is one
/// of the item's materials, what to do, and how to hand it in (<see cref="CorrectionMethods"/>).
/// </summary>
public sealed record CorrectionItem(string? MaterialCode, string Description, string Method);

public static class CorrectionMethods
{
    public const string Online = "online";
    public const string Post = "post";
    public static readonly IReadOnlyList<string> All = [Online, Post];
}
