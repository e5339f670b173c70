using Gateway.Host.Catalogue;
using Gateway.Mappings.Profiles;

namespace Gateway.Host.Configuration;

/// <summary>
/// Before a start that is not the demo: every secret the configuration needs is there, and none is a value published with the demo.
/// Each problem names the configuration key.
/// </summary>
public static class SecretsCheck
{
    /// <summary>Keys whose values are secrets (a demo value under any of them is refused outside the demo).</summary>
    static bool IsSecretKey(string key)
    {
        var last = key[(key.LastIndexOf(':') + 1)..];
        return last.Contains("Password", StringComparison.OrdinalIgnoreCase) || last.Contains("Secret", StringComparison.OrdinalIgnoreCase)
               || last.Contains("ApiKey", StringComparison.OrdinalIgnoreCase) || last.Contains("PrivateKey", StringComparison.OrdinalIgnoreCase)
               || key.StartsWith("Licences:SigningKeys:", StringComparison.OrdinalIgnoreCase)
               // the demo identity provider's public key: trusting it would accept tokens anyone can sign with the published demo key
               || key.StartsWith("Channels:SigningKeys:", StringComparison.OrdinalIgnoreCase);
    }

    public static IReadOnlyList<string> Problems(IConfiguration configuration, DepartmentProfiles profiles, ServiceCatalogue catalogue)
    {
        var problems = new List<string>();
        void Require(string key, string why)
        {
            if (string.IsNullOrWhiteSpace(configuration[key])) problems.Add($"{key} is not set ({why})");
        }

        foreach (var profile in profiles.All)
        foreach (var setting in profile.Profile.Settings)
            Require($"Departments:{profile.DepartmentCode}:{setting}", $"the profile of {profile.DepartmentCode} needs it");
        foreach (var department in catalogue.Departments)
            Require($"Licences:SigningKeys:{department.Code}", $"the private key signing {department.Code}'s licences");
        if (string.IsNullOrWhiteSpace(configuration["Channels:Authority"]))
        {
            Require("Channels:Issuer", "the identity provider whose tokens channels present");
            Require("Channels:SigningKeys:0", "the identity provider's token signing public key (or set Channels:Authority)");
        }
        if (!string.IsNullOrWhiteSpace(configuration["Feed:PushUrl"])) Require("Feed:PushApiKey", "sent with each pushed feed batch");
        Require("JointTest:GoLiveApiKey", "the operators' key to open items for cross-region applications");
        if (string.Equals(configuration["Bus:Transport"], "RabbitMq", StringComparison.OrdinalIgnoreCase))
        {
            Require("Bus:RabbitMq:Username", "the broker account");
            Require("Bus:RabbitMq:Password", "the broker account");
        }

        var demo = DemoConfiguration.Values();
        foreach (var (key, value) in configuration.AsEnumerable())
        {
            if (value is not { Length: > 0 } || !IsSecretKey(key) && !key.EndsWith("PasswordHash", StringComparison.OrdinalIgnoreCase)) continue;
            if (demo.Values.Contains(value, StringComparer.Ordinal))
                problems.Add($"{key} holds a value published with the demo (appsettings.Demo.json); set your own");
        }
        return problems.Distinct().ToList();
    }
}
