using System.Text.Json;
using Gateway.Contracts.Applications;
using Gateway.Contracts.Messages;
using Gateway.Mappings;
using Gateway.Mappings.Rendering;
using Gateway.Tests.Support;
using Xunit;

namespace Gateway.Tests.Mappings.Profiles;

public class RegistrationInterfaceProfile
{
    static DispatchToDepartment Dispatch(string itemCode = "410700-SCJG-001", string idType = IdTypes.ResidentId, string delivery = DeliveryMethods.Post,
        string name = "李四") =>
        new(Guid.NewGuid(), "4107022026112300000042", "4107022026112300000042-410700-SCJG-001-1", 1, "SCJG", itemCode,
            new DateTime(2026, 11, 23, 1, 30, 0, DateTimeKind.Utc),
            new CanonicalApplication
            {
                IdempotencyKey = "k-00000001",
                ItemCode = itemCode,
                Applicant = new Applicant { Kind = ApplicantKinds.Person, Name = name, IdType = idType, IdNumber = "11010519491231002X", Phone = "13800138000" },
                ApplyingWindow = new ApplyingWindow { RegionCode = "410702", WindowId = "W1" },
                Materials = [new SubmittedMaterial { Code = "M-SCJG-001-01", Name = "申请书", Medium = Media.Electronic, Sha256 = "ab", ContentBase64 = "YQ==" }],
                FormData = new Dictionary<string, object?> { ["tradeName"] = JsonSerializer.SerializeToElement("好味早餐店") },
                Delivery = new DeliveryPreference { Method = delivery, Address = "新乡市红旗区胜利路1号" },
            });

    [Fact]
    public void Should_use_the_bureaus_field_names_and_codes()
    {
        var mapper = TestProfiles.For("SCJG");
        var json = JsonDocument.Parse(mapper.Render(Dispatch()).Text).RootElement;

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
        Assert.Equal("好味早餐店", json.GetProperty("bdxx").GetProperty("tradeName").GetString());
        Assert.Equal(0, json.GetProperty("bzlc").GetInt32());
        Assert.Equal(2, JsonDocument.Parse(mapper.Render(Dispatch() with { CorrectionRound = 2 }).Text).RootElement.GetProperty("bzlc").GetInt32());
    }

    [Fact]
    public void Should_escape_values_for_json_whatever_the_template_author_wrote()
    {
        var body = TestProfiles.For("SCJG").Render(Dispatch(name: "张\"三\"\\ </x> & 王𪚥"));
        Assert.Equal("张\"三\"\\ </x> & 王𪚥", JsonDocument.Parse(body.Text).RootElement.GetProperty("sqrxx").GetProperty("sqrmc").GetString());
    }

    [Fact]
    public void Should_refuse_a_value_the_code_table_does_not_know_instead_of_passing_it_through()
    {
        var ex = Assert.Throws<DispatchRenderingException>(() => TestProfiles.For("SCJG").Render(Dispatch(itemCode: "410700-SCJG-999")));
        Assert.Contains("'item'", ex.Message);
        Assert.Contains("410700-SCJG-999", ex.Message);
    }

    [Fact]
    public void Should_read_the_bureaus_reply_as_taken_refused_or_try_later()
    {
        var mapper = TestProfiles.For("WJW");
        Assert.Equal(new DepartmentReply(true, "SCJG-1", "成功"), mapper.ReadReply("{\"code\":\"0\",\"msg\":\"成功\",\"slbh\":\"SCJG-1\"}"));
        Assert.False(mapper.ReadReply("{\"code\":\"1001\",\"msg\":\"事项编码不存在\"}").Taken);
        Assert.True(mapper.ReadReply("{\"code\":\"E503\",\"msg\":\"系统维护中\"}").Transient);
        Assert.Throws<UnreadableReplyException>(() => mapper.ReadReply("<html>"));
    }
}
