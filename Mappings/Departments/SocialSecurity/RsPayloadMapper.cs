using System.Globalization;
using System.Text;
using AutoMapper;
using Gateway.Contracts.Departments;
using Gateway.Mappings.CodeTables;

namespace Gateway.Mappings.Departments.SocialSecurity;

/// <summary>
/// The social security bureau's batch files: GBK-encoded CSV with a header row. Dispatch: one <see cref="RsCardApplication"/> row.
/// Results: <c>sjbh,sqbh,lx,sj,slbh,yy,zzbh,zzlx,cyr,cyrzjhm,yxqq,yxqz</c> (event id, case number, report type code, time
/// yyyyMMddHHmmss Beijing, notice number, reasons separated by ';', licence number, type, holder, holder ID, valid from/until yyyyMMdd).
/// A correction notice (type 07) lists its items in the reasons column, each <c>材料代码:说明</c> or just <c>说明</c>, separated by ';'.
/// The dispatch's column <c>bzlc</c> is the correction round (0 for the application itself); <c>cxbz</c> 1 with <c>cxyy</c> the
/// reason: the applicant withdrew, stop the case; <c>jbbz</c> 1: the window decided it (即办件), for the record only; <c>ysbz</c> 1:
/// pre-review (预审), accept but do not decide until a later row of the same case brings the prerequisites' results; <c>mnbz</c> 1: a
/// simulated case of a joint test (模拟办件).
/// </summary>
public sealed class RsPayloadMapper(IMapper mapper) : DepartmentPayloadMapper<RsCardApplication>(mapper), IFileDialect
{
    public const string DispatchHeader = "ywlsh,sqbh,sxbm,sqsj,xm,zjlx,zjhm,lxdh,sdfs,yjdz,clxx,bzlc,cxbz,cxyy,jbbz,ysbz,mnbz";
    public const string ResultHeader = "sjbh,sqbh,lx,sj,slbh,yy,zzbh,zzlx,cyr,cyrzjhm,yxqq,yxqz";
    static readonly CodeTable Codes = CodeTable.For(RsProfile.Department);

    static RsPayloadMapper() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    public override string DepartmentCode => RsProfile.Department;
    public string Extension => "csv";
    public Encoding Encoding => Encoding.GetEncoding("GBK");

    protected override DepartmentReply ParseReply(string body) => new(true, null, null); // file drop has no synchronous reply

    public byte[] Write(object payload)
    {
        var row = (RsCardApplication)payload;
        var line = string.Join(",", new[] { row.Ywlsh, row.Sqbh, row.Sxbm, row.Sqsj, row.Xm, row.Zjlx, row.Zjhm, row.Lxdh, row.Sdfs, row.Yjdz, row.Clxx, row.Bzlc, row.Cxbz, row.Cxyy, row.Jbbz, row.Ysbz, row.Mnbz }
            .Select(Csv));
        return Encoding.GetBytes(DispatchHeader + "\r\n" + line + "\r\n");
    }

    public IReadOnlyList<(string Suffix, byte[] Content)> Attachments(object payload) =>
        ((RsCardApplication)payload).Attachments.Select(a => ($"{a.Code}.bin", a.Content)).ToList();

    public IReadOnlyList<ResultLine> ReadResults(string text)
    {
        var lines = text.Replace("\r\n", "\n").Split('\n');
        var results = new List<ResultLine>();
        if (lines.Length == 0 || lines[0].Trim().TrimStart('\uFEFF') != ResultHeader)
            return [new ResultLine(1, null, $"the first line must be the header '{ResultHeader}'")];
        var complete = text.EndsWith('\n');
        for (var i = 1; i < lines.Length; i++)
        {
            var line = lines[i];
            if (line.Length == 0) continue;
            var number = i + 1;
            if (i == lines.Length - 1 && !complete)
            {
                results.Add(new ResultLine(number, null, "the last line is not terminated (partial line); it was not read"));
                continue;
            }
            var f = line.Split(',');
            if (f.Length != 12)
            {
                results.Add(new ResultLine(number, null, $"expected 12 columns, found {f.Length}"));
                continue;
            }
            try
            {
                string? Opt(int k) => f[k].Trim() is { Length: > 0 } v ? v : null;
                DateOnly? Date(int k) => Opt(k) is { } v ? DateOnly.ParseExact(v, "yyyyMMdd", CultureInfo.InvariantCulture) : null;
                var type = Codes.TranslateBack("reportType", f[2].Trim());
                var listed = Opt(5)?.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                var isCorrection = type == DepartmentEventTypes.CorrectionRequired;
                var at = Opt(3) is { } t
                    ? BeijingTime.ParseExact(t, "yyyyMMddHHmmss")
                    : (DateTime?)null;
                results.Add(new ResultLine(number, new DepartmentEventReport
                {
                    EventId = Opt(0), CaseNo = Opt(1), Type = type, OccurredAt = at, NoticeNo = Opt(4),
                    Reasons = isCorrection ? null : listed,
                    Corrections = isCorrection ? listed?.Select(ReadCorrection).ToList() : null,
                    Licence = Opt(6) is null ? null : new ReportedLicence
                    {
                        LicenceNo = Opt(6), LicenceType = Opt(7), HolderName = Opt(8), HolderIdNumber = Opt(9), ValidFrom = Date(10), ValidUntil = Date(11),
                    },
                }, null));
            }
            catch (Exception ex) when (ex is FormatException or CodeNotMappedException)
            {
                results.Add(new ResultLine(number, null, ex.Message));
            }
        }
        return results;
    }

    static ReportedCorrection ReadCorrection(string item)
    {
        var colon = item.IndexOf(':');
        return colon < 0
            ? new ReportedCorrection { Description = item }
            : new ReportedCorrection { MaterialCode = item[..colon].Trim() is { Length: > 0 } code ? code : null, Description = item[(colon + 1)..].Trim() };
    }

    static string Csv(string value) => value.Replace(",", "，").Replace("\r", " ").Replace("\n", " ");
}
