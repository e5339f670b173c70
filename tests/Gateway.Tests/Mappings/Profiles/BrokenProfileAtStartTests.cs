using Gateway.Host;
using Gateway.Tests.Support;
using Xunit;

namespace Gateway.Tests.Mappings.Profiles;

public class GatewayStartingWithABrokenProfile
{
    [Fact]
    public void Should_refuse_to_start_and_name_the_file_and_line()
    {
        var folder = TestProfiles.Copy();
        try
        {
            var codes = Path.Combine(folder, "GA", "codes.json");
            File.WriteAllText(codes, File.ReadAllText(codes).Replace("\"M-GA-001-02\": \"FMHKB\"", "\"M-GA-001-02\": \"CSYXZM\""));
            var ex = Assert.Throws<InvalidOperationException>(() => GatewayApplication.Build([], new Dictionary<string, string?>
            {
                ["Catalogue:DepartmentsPath"] = folder,
                ["Logging:LogLevel:Default"] = "Warning",
            }));
            Assert.Contains("does not start", ex.Message);
            Assert.Contains($"{codes}:", ex.Message);
            Assert.Contains("[code-ambiguous]", ex.Message);
            Assert.Contains("410700-GA-001", ex.Message);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
