namespace Gateway.Host.Channels;

/// <summary>
/// Configuration section <c>Channels</c>: how the gateway checks the OAuth 2.0 bearer tokens its channels (window systems, the online
/// portal and app back ends, the provincial platform) get from the province's identity provider.
/// </summary>
public sealed class ChannelOptions
{
    public const string Section = "Channels";

    /// <summary>The identity provider's issuer (<c>iss</c>).</summary>
    public string? Issuer { get; set; }

    /// <summary>The audience tokens must be issued for (<c>aud</c>).</summary>
    public string Audience { get; set; } = "unified-acceptance-gateway";

    /// <summary>The identity provider's token signing public keys (PEM: EC P-256 or RSA); several during a key rollover.</summary>
    public List<string> SigningKeys { get; set; } = [];

    /// <summary>Instead of keys: the identity provider's OpenID Connect authority, whose published keys are fetched (HTTPS).</summary>
    public string? Authority { get; set; }

    public double ClockSkewSeconds { get; set; } = 60;
}
