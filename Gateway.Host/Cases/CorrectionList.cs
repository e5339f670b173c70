using System.Text.Json;
using Gateway.Contracts.Messages;

namespace Gateway.Host.Cases;

/// <summary>How a correction notice's items are kept on the case and written on its timeline.</summary>
public static class CorrectionList
{
    static readonly JsonSerializerOptions Json = JsonSerializerOptions.Web;

    public static string ToJson(IReadOnlyList<CorrectionItem> items) => JsonSerializer.Serialize(items, Json);

    public static IReadOnlyList<CorrectionItem> FromJson(string? json) =>
        string.IsNullOrEmpty(json) ? [] : JsonSerializer.Deserialize<List<CorrectionItem>>(json, Json) ?? [];

    public static string Describe(IReadOnlyList<CorrectionItem> items) =>
        string.Join("; ", items.Select((c, i) =>
            $"{i + 1}. {(c.MaterialCode is null ? "" : c.MaterialCode + ": ")}{c.Description} ({(c.Method == CorrectionMethods.Post ? "by post 邮寄" : "online 网上")})"));

    public static string DescribeSupply(CorrectionsSupplied m) =>
        (m.SuppliedMaterialCodes.Count == 0 ? "no new materials" : "materials " + string.Join(", ", m.SuppliedMaterialCodes))
        + (string.IsNullOrWhiteSpace(m.Remarks) ? "" : $"; {m.Remarks}");
}
