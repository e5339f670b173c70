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

public class MarketRegulationPayloadMapping
{
    static IDepartmentPayloadMapper Mapper()
    {
        var services = new ServiceCollection().AddLogging(l => l.SetMinimumLevel(LogLevel.Error)).AddDepartmentMappings(null).BuildServiceProvider();
        return services.GetRequiredService<DepartmentPayloadMappers>().For("SCJG");
    }

    static DispatchToDepartment Dispatch(string itemCode = "410700-SCJG-001", string idType = IdTypes.ResidentId, string delivery = DeliveryMethods.Post) =>
        new(Guid.NewGuid(), "4107022026112300000042", "4107022026112300000042-410700-SCJG-001-1", 1, "SCJG", itemCode,
            new DateTime(2026, 11, 23, 1, 30, 0, DateTimeKind.Utc),
            new CanonicalApplication
            {
                IdempotencyKey = "k-00000001",
                ItemCode = itemCode,
                Applicant = new Applicant { Kind = ApplicantKinds.Person, Name = "李四", IdType = idType, IdNumber = "11010519491231002X", Phone = "13800138000" },
                ApplyingWindow = new ApplyingWindow { RegionCode = "410702", WindowId = "W1" },
                Materials = [new SubmittedMaterial { Code = "M-SCJG-001-01", Name = "申请书", Medium = Media.Electronic, Sha256 = "ab", ContentBase64 = "YQ==" }],
                FormData = new Dictionary<string, object?> { ["tradeName"] = "好味早餐店" },
                Delivery = new DeliveryPreference { Method = delivery, Address = "新乡市红旗区胜利路1号" },
            });

    [Fact]
    public void Should_use_the_bureaus_field_names_and_codes()
    {
        var json = JsonSerializer.SerializeToElement(Mapper().Map(Dispatch()));

        Assert.Equal("4107022026112300000042", json.GetProperty("sqbh").GetString());
        Assert.Equal("4107022026112300000042-410700-SCJG-001-1", json.GetProperty("ywlsh").GetString());
        Assert.Equal("330217001000", json.GetProperty("sxbm").GetString());
        Assert.Equal("2026-11-23 09:30:00", json.GetProperty("sqsj").GetString()); // Beijing time
        Assert.Equal("1", json.GetProperty("sqrxx").GetProperty("sqrlx").GetString());
        Assert.Equal("111", json.GetProperty("sqrxx").GetProperty("zjlx").GetString());
        Assert.Equal("CL01", json.GetProperty("clxx")[0].GetProperty("clbm").GetString());
        Assert.Equal("2", json.GetProperty("clxx")[0].GetProperty("clxs").GetString());
        Assert.Equal("03", json.GetProperty("sdfs").GetString());
        Assert.Equal("新乡市红旗区胜利路1号", json.GetProperty("yjdz").GetString());
        Assert.False(json.TryGetProperty("idNumber", out _));
    }

    [Fact]
    public void Should_refuse_a_value_the_code_table_does_not_know_instead_of_passing_it_through()
    {
        var ex = Assert.Throws<CodeNotMappedException>(() => Mapper().Map(Dispatch(itemCode: "410700-SCJG-999")));
        Assert.Equal("item", ex.Table);
        Assert.Equal("410700-SCJG-999", ex.Code);
    }

    [Fact]
    public void Should_read_the_bureaus_reply()
    {
        var mapper = Mapper();
        Assert.Equal(new DepartmentReply(true, "SCJG-1", "成功"), mapper.ReadReply("{\"code\":\"0\",\"msg\":\"成功\",\"slbh\":\"SCJG-1\"}"));
        Assert.False(mapper.ReadReply("{\"code\":\"1001\",\"msg\":\"事项编码不存在\"}").Taken);
    }

    [Fact]
    public void Should_have_a_valid_mapping_configuration()
    {
        var config = new MapperConfiguration(cfg => cfg.AddProfile<ScjgProfile>(), LoggerFactory.Create(_ => { }));
        config.AssertConfigurationIsValid();
    }
}

public class PublicSecurityPayloadMapping
{
    [Fact]
    public void Should_write_the_bureaus_xml_with_its_namespace_element_names_and_codes()
    {
        var services = new Microsoft.Extensions.DependencyInjection.ServiceCollection()
            .AddLogging(l => l.SetMinimumLevel(LogLevel.Error)).AddDepartmentMappings(null).BuildServiceProvider();
        var mapper = services.GetRequiredService<DepartmentPayloadMappers>().For("GA");
        var dispatch = new DispatchToDepartment(Guid.NewGuid(), "4107022026112300000007", "4107022026112300000007-410700-GA-001-1", 1, "GA",
            "410700-GA-001", new DateTime(2026, 11, 23, 1, 30, 0, DateTimeKind.Utc),
            new CanonicalApplication
            {
                IdempotencyKey = "k-00000002",
                ItemCode = "410700-GA-001",
                Applicant = new Applicant { Kind = ApplicantKinds.Person, Name = "李梅", IdType = IdTypes.ResidentId, IdNumber = "11010519491231002X" },
                ApplyingWindow = new ApplyingWindow { RegionCode = "410702", WindowId = "W3" },
                Materials = [new SubmittedMaterial { Code = "M-GA-001-02", Name = "户口簿", Medium = Media.Paper }],
                FormData = new Dictionary<string, object?> { ["childName"] = JsonSerializer.SerializeToElement("王小宝") },
                Delivery = new DeliveryPreference { Method = DeliveryMethods.PickupAtApplyingWindow },
            });

        var payload = (Gateway.Mappings.Departments.PublicSecurity.GaBirthRegistrationRequest)mapper.Map(dispatch);

        Assert.Equal("HJ-CSDJ", payload.SxDm);
        Assert.Equal("01", payload.SqrZjlx);
        Assert.Equal("20261123093000", payload.SqSj);
        Assert.Equal(("FMHKB", "Z"), (payload.Clxx.Single().ClDm, payload.Clxx.Single().ClXs));
        Assert.Equal(("childName", "王小宝"), (payload.Bdxx.Single().Mc, payload.Bdxx.Single().Value));
        Assert.Equal("http://hjgl.ga.example.gov.cn/csdj/2016/SubmitCsdjSq", ((ISoapDialect)mapper).SoapAction);
        Assert.Throws<UnreadableReplyException>(() => mapper.ReadReply("not xml"));
        Assert.Equal(new DepartmentReply(true, "GA-1", "受理成功"), mapper.ReadReply(
            "<CsdjSqResponse xmlns=\"http://hjgl.ga.example.gov.cn/csdj/2016\"><FhDm>0</FhDm><FhXx>受理成功</FhXx><SlBh>GA-1</SlBh></CsdjSqResponse>"));
    }
}

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
    public void Should_refuse_a_file_without_the_header() =>
        Assert.Contains("header", Mapper().ReadResults("E1,C1,01,20261123093000,,,,,,,,\r\n").Single().Error);

    [Fact]
    public void Should_write_the_dispatch_in_gbk_with_the_bureaus_codes()
    {
        var mapper = Mapper();
        var row = new Gateway.Mappings.Departments.SocialSecurity.RsCardApplication { Ywlsh = "D1", Sqbh = "C1", Sxbm = "SBK-SL", Xm = "王建国,先生", Zjlx = "1" };
        var text = mapper.Encoding.GetString(mapper.Write(row));
        Assert.StartsWith(Gateway.Mappings.Departments.SocialSecurity.RsPayloadMapper.DispatchHeader + "\r\n", text);
        Assert.Contains("王建国，先生", text); // a comma inside a value cannot break the columns
        Assert.Equal(936, mapper.Encoding.CodePage);
    }
}
