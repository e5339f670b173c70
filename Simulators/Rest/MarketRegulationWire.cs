using System.Text.Json.Serialization;

namespace Gateway.Simulators.Rest;

// The simulated registration-interface system's own wire types: it knows nothing of the gateway's canonical model.

public sealed class RegistrationRequest
{
    [JsonPropertyName("ywlsh")] public string? Ywlsh { get; set; }
    [JsonPropertyName("sqbh")] public string? Sqbh { get; set; }
    [JsonPropertyName("sxbm")] public string? Sxbm { get; set; }
    [JsonPropertyName("sqsj")] public string? Sqsj { get; set; }
    [JsonPropertyName("sqrxx")] public RegistrationApplicant? Sqrxx { get; set; }
    [JsonPropertyName("clxx")] public List<RegistrationMaterial>? Clxx { get; set; }
    [JsonPropertyName("sdfs")] public string? Sdfs { get; set; }
    [JsonPropertyName("bzlc")] public int Bzlc { get; set; }
    [JsonPropertyName("cxbz")] public string? Cxbz { get; set; }
    [JsonPropertyName("cxyy")] public string? Cxyy { get; set; }
    [JsonPropertyName("jbbz")] public string? Jbbz { get; set; }
    [JsonPropertyName("ysbz")] public string? Ysbz { get; set; }
}

public sealed class RegistrationApplicant
{
    [JsonPropertyName("sqrlx")] public string? Sqrlx { get; set; }
    [JsonPropertyName("sqrmc")] public string? Sqrmc { get; set; }
    [JsonPropertyName("zjlx")] public string? Zjlx { get; set; }
    [JsonPropertyName("zjhm")] public string? Zjhm { get; set; }
}

public sealed class RegistrationMaterial
{
    [JsonPropertyName("clbm")] public string? Clbm { get; set; }
    [JsonPropertyName("clxs")] public string? Clxs { get; set; }
    [JsonPropertyName("wjhx")] public string? Wjhx { get; set; }
    [JsonPropertyName("wjnr")] public string? Wjnr { get; set; }
}

public sealed record RegistrationReply(
    [property: JsonPropertyName("code")] string Code,
    [property: JsonPropertyName("msg")] string Msg,
    [property: JsonPropertyName("slbh")] string? Slbh);

/// <summary>
/// Items the simulated registration-interface systems handle, by their own item codes (the market regulation bureau's and the
/// health commission's), and the licence or result document each one issues.
/// </summary>
static class RegistrationItems
{
    public static readonly IReadOnlyDictionary<string, (string LicenceType, int ValidYears)> Licences = new Dictionary<string, (string, int)>
    {
        ["330217001000"] = ("个体工商户营业执照", 0),
        ["330217012000"] = ("食品经营许可证", 5),
        ["WJ41070001"] = ("出生医学证明", 0),
        ["WJ41070002"] = ("预防接种证", 0),
        ["WJ41070003"] = ("科学育儿指导服务登记回执", 0),
    };
}
