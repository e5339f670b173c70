using System.Text.Json;
using AutoMapper;
using Gateway.Contracts.Applications;
using Gateway.Contracts.Messages;
using Gateway.Mappings;
using Gateway.Mappings.CodeTables;
using Gateway.Mappings.Departments.MarketRegulation;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Xunit;

namespace Gateway.Tests.Mappings;

public class SocialSecurityBatchFiles
{
    static Gateway.Mappings.Departments.SocialSecurity.RsPayloadMapper Mapper()
    {
        var services = new Microsoft.Extensions.DependencyInjection.ServiceCollection()
            .AddLogging(l => l.SetMinimumLevel(LogLevel.Error)).AddDepartmentMappings(null).BuildServiceProvider();
        return (Gateway.Mappings.Departments.SocialSecurity.RsPayloadMapper)services.GetRequiredService<DepartmentPayloadMappers>().For("RS");
    }

    [Fact]
    public void Should_read_each_result_line_or_say_why_not()
    {
        var text = "sjbh,sqbh,lx,sj,slbh,yy,zzbh,zzlx,cyr,cyrzjhm,yxqq,yxqz\r\n" +
                   "E1,C1,06,20261123093000,,,SBK1,社会保障卡,王建国,11010519491231002X,20261123,20361122\r\n" +
                   "E2,C1,05,20261123093000,,材料不全;照片不合格,,,,,,\r\n" +
                   "E3,C1,77,20261123093000,,,,,,,,\r\n" +
                   "E4,C1,01,2026-11-23,,,,,,,,\r\n" +
                   "E5,C1,01";
        var lines = Mapper().ReadResults(text);

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
        var report = Mapper().ReadResults(text).Single().Report!;
        Assert.Equal("correctionRequired", report.Type);
        Assert.Null(report.Reasons);
        Assert.Equal([("SFZ", "身份证复印件模糊"), (null, "请补充户籍地址证明")],
            report.Corrections!.Select(c => (c.MaterialCode, c.Description)));
    }

    [Fact]
    public void Should_refuse_a_file_without_the_header() =>
        Assert.Contains("header", Mapper().ReadResults("E1,C1,01,20261123093000,,,,,,,,\r\n").Single().Error);

    [Fact]
    public void Should_write_the_dispatch_in_gbk_with_the_bureaus_codes()
    {
        var mapper = Mapper();
        var row = new Gateway.Mappings.Departments.SocialSecurity.RsCardApplication
        {
            Ywlsh = "D1", Sqbh = "C1", Sxbm = "SBK-SL", Xm = "王建国,先生", Zjlx = "1", Bzlc = "2",
        };
        var text = mapper.Encoding.GetString(mapper.Write(row));
        Assert.StartsWith(Gateway.Mappings.Departments.SocialSecurity.RsPayloadMapper.DispatchHeader + "\r\n", text);
        Assert.Contains("王建国，先生", text); // a comma inside a value cannot break the columns
        Assert.EndsWith(",2,0,,0,0,0\r\n", text);  // the correction round, no withdrawal, not decided at the window, not a pre-review, not simulated
        Assert.Equal(936, mapper.Encoding.CodePage);
    }
}
