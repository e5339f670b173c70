namespace Gateway.Mappings.Profiles;

/// <summary>One thing wrong with a department's profile: the file and line (0 when the whole file), the rule it breaks, and why.</summary>
public sealed record ProfileProblem(string File, int Line, string Rule, string Message)
{
    public override string ToString() => $"{File}{(Line > 0 ? ":" + Line : "")}: [{Rule}] {Message}";
}
