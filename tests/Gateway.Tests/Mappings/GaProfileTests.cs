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
        Assert.Equal(0, payload.BzLc);
        Assert.Equal(1, ((Gateway.Mappings.Departments.PublicSecurity.GaBirthRegistrationRequest)mapper.Map(dispatch with { CorrectionRound = 1 })).BzLc);
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
