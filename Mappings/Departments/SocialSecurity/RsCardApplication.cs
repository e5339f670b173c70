namespace Gateway.Mappings.Departments.SocialSecurity;

/// <summary>
/// One row of the social security bureau's (人社局, RS) card-application batch file (社会保障卡申领), in its own column names.
/// </summary>
public sealed class RsCardApplication
{
    public string Ywlsh { get; set; } = "";     // 业务流水号: our dispatch id
    public string Sqbh { get; set; } = "";      // 申请编号: our case number
    public string Sxbm { get; set; } = "";      // 事项编码
    public string Sqsj { get; set; } = "";      // 申请时间 yyyyMMddHHmmss (Beijing)
    public string Xm { get; set; } = "";        // 姓名
    public string Zjlx { get; set; } = "";      // 证件类型
    public string Zjhm { get; set; } = "";      // 证件号码
    public string Lxdh { get; set; } = "";      // 联系电话
    public string Sdfs { get; set; } = "";      // 送达方式
    public string Yjdz { get; set; } = "";      // 邮寄地址
    /// <summary>Materials as code:medium:sha256, separated by '|'; electronic ones travel as files {dispatch id}.{their code}.bin.</summary>
    public string Clxx { get; set; } = "";
    public string Bzlc { get; set; } = "0";     // 补正轮次: correction round
    public string Cxbz { get; set; } = "0";     // 撤回标志: 1 the applicant withdrew
    public string Cxyy { get; set; } = "";      // 撤回原因
    public string Jbbz { get; set; } = "0";     // 即办标志: 1 decided at the window, for the record only
    public string Ysbz { get; set; } = "0";
    public string Mnbz { get; set; } = "0";     // 模拟办件标志: 1 a joint-test case, not a real application     // 预审标志: 1 examine and accept, decide once a later row brings the prerequisites' results
    /// <summary>Electronic materials to write beside the row: their material code and bytes.</summary>
    public List<(string Code, byte[] Content)> Attachments { get; set; } = [];
}
