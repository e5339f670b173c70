namespace Gateway.Host.Channels;

/// <summary>
/// What a channel may do, as OAuth 2.0 scopes granted by the identity provider: <c>submit</c> applications; <c>read</c> cases, bundles,
/// notices and licences; <c>act</c> on cases (corrections, supplements, paper posting, withdrawal, delivery, rating); <c>print</c>
/// licences and fetch their files; <c>feed</c> pull the status feed. Each scope is an authorization policy of the same name.
/// </summary>
public static class ChannelScopes
{
    public const string Submit = "submit";
    public const string Read = "read";
    public const string Act = "act";
    public const string Print = "print";
    public const string Feed = "feed";
    public static readonly IReadOnlyList<string> All = [Submit, Read, Act, Print, Feed];

    /// <summary>What every channel scope's policy name starts with (the API description reads the scope back from it).</summary>
    public const string PolicyPrefix = "channel:";

    /// <summary>The authorization policy requiring <paramref name="scope"/> of a channel token.</summary>
    public static string Policy(string scope) => PolicyPrefix + scope;
}
