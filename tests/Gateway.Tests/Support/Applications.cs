using System.Text.Json;
using System.Text.Json.Nodes;
using Gateway.Host.Demo;

namespace Gateway.Tests.Support;

/// <summary>Valid applications to start from, and a way to spoil one field of them.</summary>
public static class Applications
{
    public static string NewKey() => "test-" + Guid.NewGuid().ToString("N");

    public static JsonObject Valid(string? key = null, string itemCode = DemoApplication.ItemCode) =>
        JsonSerializer.SerializeToNode(DemoApplication.Create(key ?? NewKey(), itemCode: itemCode), TestGateway.Json)!.AsObject();

    /// <summary>A valid application with one change made to it.</summary>
    public static JsonObject With(Action<JsonObject> change, string? key = null)
    {
        var app = Valid(key);
        change(app);
        return app;
    }
}
