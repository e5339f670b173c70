using System.Globalization;
using System.Text;
using Gateway.Contracts.Departments;

namespace Gateway.Simulators.FileDrop;

/// <summary>The simulated card system's own file formats (GBK CSV), independent of the gateway's mapping code.</summary>
public static class SocialSecurityFiles
{
    public const string ResultHeader = "sjbh,sqbh,lx,sj,slbh,yy,zzbh,zzlx,cyr,cyrzjhm,yxqq,yxqz";

    public static readonly IReadOnlyDictionary<string, (string LicenceType, int ValidYears)> Items = new Dictionary<string, (string, int)>
    {
        ["SBK-SL"] = ("社会保障卡", 10),
    };

    static readonly Dictionary<string, string> TypeCodes = new()
    {
        [DepartmentEventTypes.Received] = "01", [DepartmentEventTypes.Accepted] = "02", [DepartmentEventTypes.NotAccepted] = "03",
        [DepartmentEventTypes.Approved] = "04", [DepartmentEventTypes.Refused] = "05", [DepartmentEventTypes.LicenceIssued] = "06",
        [DepartmentEventTypes.CorrectionRequired] = "07",
        [DepartmentEventTypes.Suspended] = "08", [DepartmentEventTypes.Resumed] = "09",
    };

    static SocialSecurityFiles() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    public static Encoding EncodingNamed(string name) => name.Equals("GBK", StringComparison.OrdinalIgnoreCase) ? Encoding.GetEncoding("GBK") : new UTF8Encoding(false);

    /// <summary>
    /// Reads a dispatch row: dispatch id, case number, item code, applicant name, ID number, correction round and material codes
    /// (from <c>clxx</c>: <c>code:medium:hash</c> entries separated by '|'), or null when it is not one.
    /// </summary>
    public static (string DispatchId, string CaseNo, string Item, string Name, string IdNumber, int Round, IReadOnlyList<string> MaterialCodes,
        bool Withdrawn, bool DecidedAtWindow, bool PreReview)? ReadDispatch(string text)
    {
        var lines = text.Replace("\r\n", "\n").Split('\n', StringSplitOptions.RemoveEmptyEntries);
        if (lines.Length < 2 || !lines[0].StartsWith("ywlsh,sqbh,sxbm", StringComparison.Ordinal)) return null;
        var f = lines[1].Split(',');
        if (f.Length < 7) return null;
        var round = f.Length > 11 && int.TryParse(f[11], CultureInfo.InvariantCulture, out var r) ? r : 0;
        var materials = f.Length > 10 ? f[10].Split('|', StringSplitOptions.RemoveEmptyEntries).Select(m => m.Split(':')[0]).ToList() : [];
        return (f[0], f[1], f[2], f[4], f[6], round, materials, f.Length > 12 && f[12] == "1", f.Length > 14 && f[14] == "1", f.Length > 15 && f[15] == "1");
    }

    public static string ResultLine(DepartmentEventReport r)
    {
        string At(DateTime? t) => (t ?? DateTime.UtcNow).ToUniversalTime().AddHours(8).ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture);
        string D(DateOnly? d) => d?.ToString("yyyyMMdd", CultureInfo.InvariantCulture) ?? "";
        var l = r.Licence;
        // Free text cannot hold the column separator: the system writes a full-width comma instead, as it does on screen.
        static string Text(string? value) => (value ?? "").Replace(",", "，").Replace(";", "；").Replace("\r", " ").Replace("\n", " ");
        var listed = r.Corrections is { } corrections
            ? corrections.Select(c => $"{c.MaterialCode}:{Text(c.Description)}")
            : (r.Reasons ?? []).Select(Text);
        return string.Join(",", r.EventId, r.CaseNo, (TypeCodes.TryGetValue(r.Type!, out var code) ? code : "99"), At(r.OccurredAt), Text(r.NoticeNo), string.Join(";", listed),
            l?.LicenceNo ?? "", Text(l?.LicenceType), Text(l?.HolderName), l?.HolderIdNumber ?? "", D(l?.ValidFrom), D(l?.ValidUntil));
    }
}
