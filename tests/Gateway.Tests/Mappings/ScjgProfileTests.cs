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
        Assert.Equal(0, json.GetProperty("bzlc").GetInt32());
        Assert.Equal(2, JsonSerializer.SerializeToElement(Mapper().Map(Dispatch() with { CorrectionRound = 2 })).GetProperty("bzlc").GetInt32());
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
