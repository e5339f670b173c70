namespace Gateway.Mappings.Profiles;

/// <summary>The files a merged profile came from: its own, then each it extends; paths in a part resolve against its folder.</summary>
public sealed record ProfileSource(string ProfileFile, IReadOnlyList<string> Chain)
{
    public static readonly ProfileSource None = new("", []);

    public string Folder => Path.GetDirectoryName(ProfileFile) ?? "";
}
