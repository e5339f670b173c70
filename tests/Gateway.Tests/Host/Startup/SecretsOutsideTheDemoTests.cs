using System.Text.Json;
using Gateway.Host;
using Gateway.Host.Configuration;
using Microsoft.Extensions.Configuration;
using Xunit;

namespace Gateway.Tests.Host.Startup;

/// <summary>
/// The base configuration ships no secret; the demo's published keys and passwords are read only with <c>Demo</c> set; any other
/// start needs its own secrets and is refused, naming the key, when one is missing or is a demo value.
/// </summary>
public class SecretsOutsideTheDemo
{
    static string Base => Path.Combine(AppContext.BaseDirectory, "appsettings.json");

    static Dictionary<string, string?> Settings(Func<string, string, string?> secret)
    {
        var all = new Dictionary<string, string?>
        {
            ["ConnectionStrings:Gateway"] = $"Data Source={Path.Combine(Path.GetTempPath(), $"gateway-secrets-{Guid.NewGuid():N}.db")}",
            ["Logging:LogLevel:Default"] = "Warning",
        };
        foreach (var (key, value) in DemoConfiguration.Values())
            if (key.StartsWith("Licences:SigningKeys:", StringComparison.Ordinal) || key.StartsWith("Departments:", StringComparison.Ordinal) ||
                key is "JointTest:GoLiveApiKey" or "Channels:Issuer" or "Channels:SigningKeys:0")
                all[key] = secret(key, value);
        return all;
    }

    static string Own(string key, string value) =>
        key.StartsWith("Licences:", StringComparison.Ordinal)
            ? System.Security.Cryptography.ECDsa.Create(System.Security.Cryptography.ECCurve.NamedCurves.nistP256).ExportPkcs8PrivateKeyPem()
            : key.StartsWith("Channels:SigningKeys:", StringComparison.Ordinal)
                ? System.Security.Cryptography.ECDsa.Create(System.Security.Cryptography.ECCurve.NamedCurves.nistP256).ExportSubjectPublicKeyInfoPem()
            : key == "Channels:Issuer" ? "https://idp.province.example"
            : key.EndsWith("Endpoint", StringComparison.Ordinal) || key.EndsWith("Folder", StringComparison.Ordinal) || key.EndsWith("Username", StringComparison.Ordinal)
                ? value
                : "production-" + Guid.NewGuid().ToString("N");

    [Fact]
    public void Should_hold_no_key_or_password_in_the_base_configuration()
    {
        var text = File.ReadAllText(Base);
        Assert.DoesNotContain("PRIVATE KEY", text);
        var demo = DemoConfiguration.Values();
        var flat = new Microsoft.Extensions.Configuration.ConfigurationBuilder().AddJsonFile(Base).Build().AsEnumerable()
            .Where(kv => kv.Value is { Length: > 0 }).ToList();
        Assert.NotEmpty(flat);
        var offending = flat.Where(kv => System.Text.RegularExpressions.Regex.IsMatch(kv.Key, "(Password|Secret|ApiKey|SigningKeys|PasswordHash|PrivateKey)",
            System.Text.RegularExpressions.RegexOptions.IgnoreCase)).Select(kv => kv.Key).ToList();
        Assert.Empty(offending);
        var demoValues = demo.Where(d => d.Value.Length >= 8).Select(d => d.Value).ToHashSet();
        Assert.Empty(flat.Where(kv => demoValues.Contains(kv.Value!)).Select(kv => kv.Key));
        Assert.False(JsonDocument.Parse(text).RootElement.TryGetProperty("Departments", out _)); // departments' secrets are the deployment's
    }

    [Fact]
    public void Should_refuse_a_start_without_secrets_naming_each_missing_key()
    {
        var ex = Assert.Throws<InvalidOperationException>(() => GatewayApplication.Build([], Settings((_, _) => null)));
        Assert.Contains("Licences:SigningKeys:SCJG is not set", ex.Message);
        Assert.Contains("Departments:GA:OutboundPassword is not set", ex.Message);
        Assert.Contains("Departments:SW:CallbackSecret is not set", ex.Message);
        Assert.Contains("JointTest:GoLiveApiKey is not set", ex.Message);
        Assert.Contains("Channels:SigningKeys:0 is not set", ex.Message);
    }

    [Fact]
    public void Should_refuse_a_start_with_a_demo_secret_naming_the_key()
    {
        var settings = Settings(Own);
        settings["Departments:SCJG:CallbackSecret"] = DemoConfiguration.Values()["Departments:SCJG:CallbackSecret"];
        var ex = Assert.Throws<InvalidOperationException>(() => GatewayApplication.Build([], settings));
        Assert.Contains("Departments:SCJG:CallbackSecret holds a value published with the demo", ex.Message);
        Assert.DoesNotContain("Departments:GA:", ex.Message);
    }

    [Fact]
    public async Task Should_build_with_its_own_secrets()
    {
        await using var app = GatewayApplication.Build([], Settings(Own));
        Assert.False(DemoConfiguration.IsDemo(app.Configuration));
        Assert.Null(app.Configuration["Portal:Users:0:Username"]); // no demo account either
    }
}
