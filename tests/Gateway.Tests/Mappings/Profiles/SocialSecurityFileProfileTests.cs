using System.Text;
using Gateway.Contracts.Applications;
using Gateway.Contracts.Messages;
using Gateway.Mappings.Files;
using Gateway.Mappings.Rendering;
using Gateway.Tests.Support;
using Xunit;

namespace Gateway.Tests.Mappings.Profiles;

public class SocialSecurityFileProfile
{
    static FileDialect Dialect() => TestProfiles.For("RS").File!;

    static DispatchToDepartment Dispatch(string name) => new(Guid.NewGuid(), "C1", "D1", 1, "RS", "410700-RS-001",
        new DateTime(2026, 11, 23, 1, 30, 0, DateTimeKind.Utc),
        new CanonicalApplication
        {
            IdempotencyKey = "k-3", ItemCode = "410700-RS-001",
            Applicant = new Applicant { Kind = ApplicantKinds.Person, Name = name, IdType = IdTypes.ResidentId, IdNumber = "11010519491231002X" },
            ApplyingWindow = new ApplyingWindow { RegionCode = "410702", WindowId = "W1" },
            Materials = [new SubmittedMaterial { Code = "M-RS-001-02", Name = "照片", Medium = Media.Electronic, Sha256 = "ab", ContentBase64 = "YQ==" }],
            Delivery = new DeliveryPreference { Method = DeliveryMethods.PickupAtApplyingWindow },
        }, CorrectionRound: 2);

    [Fact]
    public void Should_read_each_result_line_or_say_why_not()
    {
        var text = "sjbh,sqbh,lx,sj,slbh,yy,zzbh,zzlx,cyr,cyrzjhm,yxqq,yxqz\r\n" +
                   "E1,C1,06,20261123093000,,,SBK1,社会保障卡,王建国,11010519491231002X,20261123,20361122\r\n" +
                   "E2,C1,05,20261123093000,,材料不全;照片不合格,,,,,,\r\n" +
                   "E3,C1,77,20261123093000,,,,,,,,\r\n" +
                   "E4,C1,01,2026-11-23,,,,,,,,\r\n" +
                   "E5,C1,01";
        var lines = Dialect().ReadResults(text);

        var licence = lines[0].Report!;
        Assert.Equal(("licenceIssued", "SBK1", new DateOnly(2036, 11, 22)), (licence.Type, licence.Licence!.LicenceNo, licence.Licence.ValidUntil));
        Assert.Equal(new DateTime(2026, 11, 23, 1, 30, 0, DateTimeKind.Utc), licence.OccurredAt);   // Beijing time read back as UTC
        Assert.Equal(["材料不全", "照片不合格"], lines[1].Report!.Reasons);
        Assert.Contains("77", lines[2].Error);
        Assert.NotNull(lines[3].Error);
        Assert.Contains("partial line", lines[4].Error);
        Assert.Equal([2, 3, 4, 5, 6], lines.Select(l => l.LineNumber));
    }

    [Fact]
    public void Should_read_a_correction_notice_with_every_item()
    {
        var text = "sjbh,sqbh,lx,sj,slbh,yy,zzbh,zzlx,cyr,cyrzjhm,yxqq,yxqz\r\n" +
                   "E9,C1,07,20261123093000,,SFZ:身份证复印件模糊;:请补充户籍地址证明,,,,,,\r\n";
        var report = Dialect().ReadResults(text).Single().Report!;
        Assert.Equal("correctionRequired", report.Type);
        Assert.Null(report.Reasons);
        Assert.Equal([("SFZ", "身份证复印件模糊"), (null, "请补充户籍地址证明")],
            report.Corrections!.Select(c => (c.MaterialCode, c.Description)));
    }

    [Fact]
    public void Should_refuse_a_file_without_the_header() =>
        Assert.Contains("header", Dialect().ReadResults("E1,C1,01,20261123093000,,,,,,,,\r\n").Single().Error);

    [Fact]
    public void Should_write_the_dispatch_in_gbk_with_the_bureaus_codes_and_materials_beside_it()
    {
        var body = TestProfiles.For("RS").Render(Dispatch("王建国,先生"));
        var text = Dialect().Encoding.GetString(body.Bytes);
        Assert.StartsWith("ywlsh,sqbh,sxbm,sqsj,xm,zjlx,zjhm,lxdh,sdfs,yjdz,clxx,bzlc,cxbz,cxyy,jbbz,ysbz,mnbz\r\n", text);
        Assert.Contains("D1,C1,SBK-SL,20261123093000,王建国，先生,1,", text); // a comma inside a value cannot break the columns
        Assert.EndsWith(",2,0,,0,0,0\r\n", text);  // the correction round, no withdrawal, not decided at the window, not a pre-review, not simulated
        Assert.Equal(936, Dialect().Encoding.CodePage);
        Assert.Equal([("ZP.bin", "a")], body.Attachments.Select(a => (a.Suffix, Encoding.ASCII.GetString(a.Content))));
    }

    [Fact]
    public void Should_fail_the_dispatch_loudly_when_gbk_cannot_hold_a_character_of_the_name_instead_of_writing_a_question_mark()
    {
        // 𪚥 (U+2A6A5) is outside GBK: the bureau's system would have received "王??" and a card in the wrong name.
        var ex = Assert.Throws<DispatchRenderingException>(() => TestProfiles.For("RS").Render(Dispatch("王𪚥")));
        Assert.Contains("U+2A6A5", ex.Message);
        Assert.Contains("gbk", ex.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("GB18030", ex.Message); // and what the profile can do about it
    }

    [Fact]
    public void Should_round_trip_a_report_through_the_departments_result_line()
    {
        var dialect = Dialect();
        var report = new Gateway.Contracts.Departments.DepartmentEventReport
        {
            EventId = "E1", CaseNo = "C1", Type = "refused", OccurredAt = new DateTime(2026, 11, 23, 1, 30, 0, DateTimeKind.Utc), Reasons = ["材料不全,请补", "照片;不合格"],
        };
        var read = dialect.ReadResults(dialect.ResultHeader + "\r\n" + dialect.WriteResult(report) + "\r\n").Single().Report!;
        Assert.Equal(("E1", "C1", "refused"), (read.EventId, read.CaseNo, read.Type));
        Assert.Equal(["材料不全，请补", "照片；不合格"], read.Reasons);
        Assert.Equal(report.OccurredAt, read.OccurredAt);
    }
}
