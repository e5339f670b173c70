using System.Security.Cryptography;
using Gateway.Host.Channels;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Gateway.Host.Demo;

/// <summary>
/// The demo's stand-in for the province's identity provider: signs channel tokens (JWT, ES256) with the demo key
/// (<c>Channels:Demo:PrivateKey</c>, in appsettings.Demo.json only) for the demo runner, joint tests, the benchmark and the tests.
/// A deployment's tokens come from its identity provider; the gateway only checks them.
/// </summary>
public static class DemoTokens
{
    public static string Mint(IConfiguration configuration, string subject, string channel, IEnumerable<string> scopes, string? region = null,
        string? applicantId = null, TimeSpan? lifetime = null)
    {
        var pem = configuration["Channels:Demo:PrivateKey"]
                  ?? throw new InvalidOperationException("Channels:Demo:PrivateKey is not set: demo tokens are minted with the demo configuration only");
        var key = ECDsa.Create();
        key.ImportFromPem(pem);
        var options = configuration.GetSection(ChannelOptions.Section).Get<ChannelOptions>() ?? new ChannelOptions();
        var claims = new Dictionary<string, object>
        {
            ["sub"] = subject, ["client_id"] = subject, ["channel"] = channel, ["scope"] = string.Join(' ', scopes),
        };
        if (region is not null) claims["region"] = region;
        if (applicantId is not null) claims["applicant_id"] = applicantId;
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = options.Issuer, Audience = options.Audience, Claims = claims,
            Expires = DateTime.UtcNow.Add(lifetime ?? TimeSpan.FromHours(8)), NotBefore = DateTime.UtcNow.AddMinutes(-1),
            SigningCredentials = new SigningCredentials(new ECDsaSecurityKey(key), SecurityAlgorithms.EcdsaSha256),
        });
    }

    /// <summary>A province-wide platform token with every scope (demo tooling, tests).</summary>
    public static string Platform(IConfiguration configuration, string subject = "demo-platform") =>
        Mint(configuration, subject, ChannelCaller.Platform, ChannelScopes.All);
}
