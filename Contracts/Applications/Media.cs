namespace Gateway.Contracts.Applications;

public static class Media
{
    public const string Paper = "paper";
    public const string Electronic = "electronic";
    public static readonly IReadOnlyList<string> All = [Paper, Electronic];
}
