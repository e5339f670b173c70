using System.Reflection;
using System.Text.Json;
using Gateway.Contracts.Applications;
using Gateway.Contracts.Departments;
using Gateway.Contracts.Schemas;
using Xunit;

namespace Gateway.Tests.Contracts;

/// <summary>The published schemas describe exactly the fields of the contract types.</summary>
public class PublishedSchemas
{
    static JsonElement Properties(string schema, params string[] path)
    {
        var element = JsonDocument.Parse(ContractSchemas.Read(schema)!).RootElement.GetProperty("properties");
        foreach (var p in path) element = element.GetProperty(p).GetProperty("properties");
        return element;
    }

    static string[] Names(JsonElement properties) => properties.EnumerateObject().Select(p => p.Name).Order().ToArray();

    static string[] Names(Type type) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Select(p => JsonNamingPolicy.CamelCase.ConvertName(p.Name)).Order().ToArray();

    [Fact]
    public void Should_describe_every_field_of_the_canonical_application()
    {
        Assert.Equal(Names(typeof(CanonicalApplication)), Names(Properties("canonical-application")));
        Assert.Equal(Names(typeof(Applicant)), Names(Properties("canonical-application", "applicant")));
        Assert.Equal(Names(typeof(ApplyingWindow)), Names(Properties("canonical-application", "applyingWindow")));
        Assert.Equal(Names(typeof(DeliveryPreference)), Names(Properties("canonical-application", "delivery")));
    }

    [Fact]
    public void Should_describe_every_field_of_a_department_report()
    {
        Assert.Equal(Names(typeof(DepartmentEventReport)), Names(Properties("department-event-report")));
        Assert.Equal(Names(typeof(ReportedLicence)), Names(Properties("department-event-report", "licence")));
        var correction = JsonDocument.Parse(ContractSchemas.Read("department-event-report")!).RootElement
            .GetProperty("properties").GetProperty("corrections").GetProperty("items").GetProperty("properties");
        Assert.Equal(Names(typeof(ReportedCorrection)), correction.EnumerateObject().Select(p => p.Name).Order());
        var types = JsonDocument.Parse(ContractSchemas.Read("department-event-report")!).RootElement
            .GetProperty("properties").GetProperty("type").GetProperty("enum").EnumerateArray().Select(e => e.GetString());
        Assert.Equal(DepartmentEventTypes.All, types);
    }

    [Fact]
    public void Should_list_the_codes_the_validator_accepts()
    {
        var applicant = Properties("canonical-application", "applicant");
        Assert.Equal(IdTypes.All, applicant.GetProperty("idType").GetProperty("enum").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(DeliveryMethods.All,
            Properties("canonical-application", "delivery").GetProperty("method").GetProperty("enum").EnumerateArray().Select(e => e.GetString()));
    }
}
