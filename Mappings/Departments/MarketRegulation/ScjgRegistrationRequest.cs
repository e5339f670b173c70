using System.Text.Json.Serialization;

namespace Gateway.Mappings.Departments.MarketRegulation;

/// <summary>
/// The registration request of the market regulation bureau's (市场监管局, SCJG) approval system, in its own pinyin-initial field names.
/// </summary>
public sealed class ScjgRegistrationRequest
{
    [JsonPropertyName("ywlsh")] public string Ywlsh { get; set; } = "";        // 业务流水号: our dispatch id
    [JsonPropertyName("sqbh")] public string Sqbh { get; set; } = "";          // 申请编号: our case number
    [JsonPropertyName("sxbm")] public string Sxbm { get; set; } = "";          // 事项编码: their item code
    [JsonPropertyName("sqsj")] public string Sqsj { get; set; } = "";          // 申请时间 yyyy-MM-dd HH:mm:ss (Beijing time)
    [JsonPropertyName("sqdq")] public string Sqdq { get; set; } = "";          // 申请地区划
    [JsonPropertyName("sqck")] public string Sqck { get; set; } = "";          // 申请窗口
    [JsonPropertyName("sqrxx")] public ScjgApplicant Sqrxx { get; set; } = new();
    [JsonPropertyName("clxx")] public List<ScjgMaterial> Clxx { get; set; } = [];
    [JsonPropertyName("bdxx")] public Dictionary<string, object?> Bdxx { get; set; } = [];
    [JsonPropertyName("sdfs")] public string Sdfs { get; set; } = "";          // 送达方式
    [JsonPropertyName("yjdz")] public string? Yjdz { get; set; }               // 邮寄地址
    [JsonPropertyName("bzlc")] public int Bzlc { get; set; }                   // 补正轮次: 0 the application, N its Nth correction
    [JsonPropertyName("cxbz")] public string Cxbz { get; set; } = "0";         // 撤回标志: 1 the applicant withdrew, stop the case
    [JsonPropertyName("cxyy")] public string? Cxyy { get; set; }               // 撤回原因
    [JsonPropertyName("jbbz")] public string Jbbz { get; set; } = "0";         // 即办标志: 1 decided at the window, for the record only
    [JsonPropertyName("mnbz")] public string Mnbz { get; set; } = "0";         // 模拟办件标志: 1 a joint-test case, not a real application
    [JsonPropertyName("ysbz")] public string Ysbz { get; set; } = "0";         // 预审标志: 1 examine and accept, do not decide until a later dispatch brings the prerequisites' results
}

public sealed class ScjgApplicant
{
    [JsonPropertyName("sqrlx")] public string Sqrlx { get; set; } = "";        // 申请人类型 1 自然人 2 法人
    [JsonPropertyName("sqrmc")] public string Sqrmc { get; set; } = "";        // 申请人名称
    [JsonPropertyName("zjlx")] public string Zjlx { get; set; } = "";          // 证件类型
    [JsonPropertyName("zjhm")] public string Zjhm { get; set; } = "";          // 证件号码
    [JsonPropertyName("lxdh")] public string? Lxdh { get; set; }               // 联系电话
}

public sealed class ScjgMaterial
{
    [JsonPropertyName("clbm")] public string Clbm { get; set; } = "";          // 材料编码
    [JsonPropertyName("clmc")] public string Clmc { get; set; } = "";          // 材料名称
    [JsonPropertyName("clxs")] public string Clxs { get; set; } = "";          // 材料形式 1 纸质 2 电子
    [JsonPropertyName("wjhx")] public string? Wjhx { get; set; }               // 文件哈希 (SHA-256)
    [JsonPropertyName("wjnr")] public string? Wjnr { get; set; }               // 文件内容 base64
    [JsonPropertyName("wjdz")] public string? Wjdz { get; set; }               // 文件地址
}
