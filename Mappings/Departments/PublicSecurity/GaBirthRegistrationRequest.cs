using System.Xml.Serialization;

namespace Gateway.Mappings.Departments.PublicSecurity;

/// <summary>
/// The birth-registration request (出生登记申请, CsdjSq) of the public security bureau's (公安局, GA) legacy household-registration
/// system, in its own namespace and pinyin-initial element names.
/// </summary>
[XmlRoot("CsdjSq", Namespace = GaProfile.Namespace)]
public sealed class GaBirthRegistrationRequest
{
    [XmlElement("YwLsh")] public string YwLsh { get; set; } = "";       // 业务流水号: our dispatch id
    [XmlElement("SqBh")] public string SqBh { get; set; } = "";         // 申请编号: our case number
    [XmlElement("SxDm")] public string SxDm { get; set; } = "";         // 事项代码
    [XmlElement("SqSj")] public string SqSj { get; set; } = "";         // 申请时间 yyyyMMddHHmmss, Beijing time
    [XmlElement("SlQh")] public string SlQh { get; set; } = "";         // 受理区划 (applying window's region)
    [XmlElement("SqrLx")] public string SqrLx { get; set; } = "";       // 申请人类型
    [XmlElement("SqrXm")] public string SqrXm { get; set; } = "";       // 申请人姓名
    [XmlElement("SqrZjlx")] public string SqrZjlx { get; set; } = "";   // 证件类型 (GA codes)
    [XmlElement("SqrZjhm")] public string SqrZjhm { get; set; } = "";   // 证件号码
    [XmlElement("SqrLxdh")] public string? SqrLxdh { get; set; }        // 联系电话
    [XmlArray("Clxx"), XmlArrayItem("Cl")] public List<GaMaterial> Clxx { get; set; } = [];
    [XmlArray("Bdxx"), XmlArrayItem("Xm")] public List<GaFormItem> Bdxx { get; set; } = [];
    [XmlElement("SdFs")] public string SdFs { get; set; } = "";         // 送达方式
    [XmlElement("YjDz")] public string? YjDz { get; set; }              // 邮寄地址
    [XmlElement("BzLc")] public int BzLc { get; set; }                  // 补正轮次: 0 the application, N its Nth correction
    [XmlElement("CxBz")] public string CxBz { get; set; } = "0";        // 撤回标志: 1 the applicant withdrew
    [XmlElement("CxYy")] public string? CxYy { get; set; }              // 撤回原因
    [XmlElement("JbBz")] public string JbBz { get; set; } = "0";        // 即办标志: 1 decided at the window, for the record only
    [XmlElement("YsBz")] public string YsBz { get; set; } = "0";
    [XmlElement("MnBz")] public string MnBz { get; set; } = "0";        // 模拟办件标志: 1 a joint-test case, not a real application        // 预审标志: 1 examine and accept, decide once a later dispatch brings the prerequisites' results
}

public sealed class GaMaterial
{
    [XmlElement("ClDm")] public string ClDm { get; set; } = "";         // 材料代码
    [XmlElement("ClMc")] public string ClMc { get; set; } = "";         // 材料名称
    [XmlElement("ClXs")] public string ClXs { get; set; } = "";         // 材料形式 Z 纸质 D 电子
    [XmlElement("ClHx")] public string? ClHx { get; set; }              // SHA-256
    [XmlElement("ClNr")] public string? ClNr { get; set; }              // base64 content
    [XmlElement("ClDz")] public string? ClDz { get; set; }              // reference
}

/// <summary>One form field: <c>&lt;Xm Mc="name"&gt;value&lt;/Xm&gt;</c>.</summary>
public sealed class GaFormItem
{
    [XmlAttribute("Mc")] public string Mc { get; set; } = "";
    [XmlText] public string Value { get; set; } = "";
}
