using System.Security.Cryptography;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.IdentityModel.Tokens;

namespace Gateway.Host.Channels;

/// <summary>
/// Channel authentication: OAuth 2.0 bearer tokens (JWT) from the province's identity provider, checked for issuer, audience, lifetime
/// and signature (ASP.NET Core's JwtBearer); one authorization policy per scope. The portal keeps its own cookie sign-in.
/// </summary>
public static class ChannelsModule
{
    public const string Scheme = "Channel";

    public static IHostApplicationBuilder AddChannels(this IHostApplicationBuilder builder)
    {
        var options = Configuration.ValidatedOptions.ReadNow<ChannelOptions>(builder.Configuration, ChannelOptions.Section);
        // Keys are read now: a key that cannot be read stops the start-up, instead of failing every channel call later.
        var keys = options.SigningKeys.Where(k => !string.IsNullOrWhiteSpace(k)).Select((k, i) =>
        {
            try
            {
                return Key(k);
            }
            catch (Exception ex) when (ex is ArgumentException or CryptographicException)
            {
                throw new InvalidOperationException($"Channels:SigningKeys:{i} is not a PEM public key (EC or RSA): {ex.Message}", ex);
            }
        }).ToList();
        builder.Services.AddAuthentication().AddJwtBearer(Scheme, o =>
        {
            o.MapInboundClaims = false;
            o.RequireHttpsMetadata = true;
            if (!string.IsNullOrWhiteSpace(options.Authority)) o.Authority = options.Authority;
            o.TokenValidationParameters = new TokenValidationParameters
            {
                ValidIssuer = options.Issuer,
                ValidateIssuer = true,
                ValidAudience = options.Audience,
                ValidateAudience = true,
                ValidateLifetime = true,
                RequireExpirationTime = true,
                RequireSignedTokens = true,
                ClockSkew = TimeSpan.FromSeconds(options.ClockSkewSeconds),
                IssuerSigningKeys = keys,
                ValidAlgorithms = [SecurityAlgorithms.EcdsaSha256, SecurityAlgorithms.EcdsaSha384, SecurityAlgorithms.RsaSha256, SecurityAlgorithms.RsaSsaPssSha256],
                NameClaimType = "sub",
            };
        });
        builder.Services.AddAuthorization(o =>
        {
            foreach (var scope in ChannelScopes.All)
                o.AddPolicy(ChannelScopes.Policy(scope), p =>
                {
                    p.AddAuthenticationSchemes(Scheme).RequireAuthenticatedUser()
                        .RequireAssertion(c => c.User.FindAll("scope").SelectMany(s => s.Value.Split(' ', StringSplitOptions.RemoveEmptyEntries)).Contains(scope))
                        // exactly one channel claim, of a known kind
                        .RequireAssertion(c => c.User.FindAll("channel").Select(x => x.Value).ToList() is [ChannelCaller.Window or ChannelCaller.Applicant or ChannelCaller.Platform]);
                    // the feed carries every case of the province: the provincial platform's only
                    if (scope == ChannelScopes.Feed) p.RequireClaim("channel", ChannelCaller.Platform);
                });
        });
        return builder;
    }

    /// <summary>A PEM public key (EC or RSA) as a signing key.</summary>
    public static SecurityKey Key(string pem)
    {
        try
        {
            var ec = ECDsa.Create();
            ec.ImportFromPem(pem);
            return new ECDsaSecurityKey(ec);
        }
        catch (Exception ex) when (ex is ArgumentException or CryptographicException)
        {
            var rsa = RSA.Create();
            rsa.ImportFromPem(pem);
            return new RsaSecurityKey(rsa);
        }
    }
}
