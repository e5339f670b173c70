using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Gateway.Contracts.Departments;
using Gateway.Host.Demo;
using Gateway.Simulators.Common;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Gateway.Host.ApiDescription;

/// <summary>
/// Examples of the main request bodies, built from what the demo sends (<see cref="DemoApplication"/>) and what a simulated department
/// reports (<see cref="ReportScript"/>), so they stay valid as those change; a test checks them against the document's schemas.
/// </summary>
public static class RequestExamples
{
    static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };

    /// <summary>The intake body: the demo's single-item application and its newborn bundle.</summary>
    public static Task Application(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken ct)
    {
        Set(operation, new Dictionary<string, (string, object)>
        {
            ["item"] = ("个体工商户设立登记 (one item)", DemoApplication.Create("HQ-WIN-07-20261123-0001")),
            ["bundle"] = ("新生儿出生“一件事” (a bundle of seven items)", DemoApplication.Newborn("HQ-WIN-01-20261123-0001")),
        });
        return Task.CompletedTask;
    }

    /// <summary>A department's reports on the demo case: acceptance, and the licence that completes it.</summary>
    public static Task DepartmentReport(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken ct)
    {
        var demoCase = new SimulatedCase("4107022026112300000003", "SCJG-20261122-8794C3000001", DemoApplication.ItemCode, "张三",
            DemoApplication.ResidentId(new DateOnly(1990, 3, 7), 123), new DateTime(2026, 11, 23, 2, 0, 0, DateTimeKind.Utc), 1, []);
        var reports = ReportScript.For(demoCase, new SimulatorBehaviour(), "SCJG", "个体工商户营业执照", 0);
        Set(operation, new Dictionary<string, (string, object)>
        {
            ["accepted"] = ("受理 accepted", reports.Single(r => r.Type == DepartmentEventTypes.Accepted)),
            ["licenceIssued"] = ("办结 licence issued", reports.Single(r => r.Type == DepartmentEventTypes.LicenceIssued)),
        });
        return Task.CompletedTask;
    }

    static void Set(OpenApiOperation operation, IReadOnlyDictionary<string, (string Summary, object Value)> examples)
    {
        if (operation.RequestBody?.Content?.TryGetValue("application/json", out var media) != true || media is not OpenApiMediaType content)
            throw new InvalidOperationException($"{operation.OperationId}: no JSON request body to give examples of");
        content.Examples = examples.ToDictionary(e => e.Key, e => (IOpenApiExample)new OpenApiExample
        {
            Summary = e.Value.Summary, Value = JsonSerializer.SerializeToNode(e.Value.Value, e.Value.Value.GetType(), Json),
        });
    }
}
