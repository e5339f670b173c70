using System.Text.Json;
using AutoMapper;
using Gateway.Contracts.Applications;
using Gateway.Contracts.Messages;
using Gateway.Mappings.CodeTables;

namespace Gateway.Mappings.Departments.PublicSecurity;

/// <summary>Canonical dispatch to the public security bureau's birth-registration request.</summary>
public sealed class GaProfile : Profile
{
    public const string Department = "GA";
    public const string Namespace = "http://hjgl.ga.example.gov.cn/csdj/2016";

    public GaProfile()
    {
        var codes = CodeTable.For(Department);

        CreateMap<SubmittedMaterial, GaMaterial>()
            .ForMember(d => d.ClDm, o => o.MapFrom(s => codes.Translate("material", s.Code)))
            .ForMember(d => d.ClMc, o => o.MapFrom(s => s.Name))
            .ForMember(d => d.ClXs, o => o.MapFrom(s => codes.Translate("medium", s.Medium)))
            .ForMember(d => d.ClHx, o => o.MapFrom(s => s.Sha256))
            .ForMember(d => d.ClNr, o => o.MapFrom(s => s.ContentBase64))
            .ForMember(d => d.ClDz, o => o.MapFrom(s => s.Reference));

        CreateMap<DispatchToDepartment, GaBirthRegistrationRequest>()
            .ForMember(d => d.YwLsh, o => o.MapFrom(s => s.DispatchId))
            .ForMember(d => d.SqBh, o => o.MapFrom(s => s.CaseNo))
            .ForMember(d => d.SxDm, o => o.MapFrom(s => codes.Translate("item", s.ItemCode)))
            .ForMember(d => d.SqSj, o => o.MapFrom(s => BeijingTime.Format(s.SubmittedAt, "yyyyMMddHHmmss")))
            .ForMember(d => d.SlQh, o => o.MapFrom(s => s.Application.ApplyingWindow.RegionCode))
            .ForMember(d => d.SqrLx, o => o.MapFrom(s => codes.Translate("applicantKind", s.Application.Applicant.Kind)))
            .ForMember(d => d.SqrXm, o => o.MapFrom(s => s.Application.Applicant.Name))
            .ForMember(d => d.SqrZjlx, o => o.MapFrom(s => codes.Translate("idType", s.Application.Applicant.IdType)))
            .ForMember(d => d.SqrZjhm, o => o.MapFrom(s => s.Application.Applicant.IdNumber))
            .ForMember(d => d.SqrLxdh, o => o.MapFrom(s => s.Application.Applicant.Phone))
            .ForMember(d => d.Clxx, o => o.MapFrom(s => s.Application.Materials))
            .ForMember(d => d.Bdxx, o => o.MapFrom(s => s.Application.FormData.Select(f => new GaFormItem { Mc = f.Key, Value = FormValue(f.Value) }).ToList()))
            .ForMember(d => d.SdFs, o => o.MapFrom(s => codes.Translate("delivery", s.Application.Delivery.Method)))
            .ForMember(d => d.YjDz, o => o.MapFrom(s => s.Application.Delivery.Address))
            .ForMember(d => d.BzLc, o => o.MapFrom(s => s.CorrectionRound))
            .ForMember(d => d.CxBz, o => o.MapFrom(s => s.IsWithdrawal ? "1" : "0"))
            .ForMember(d => d.CxYy, o => o.MapFrom(s => s.WithdrawalReason))
            .ForMember(d => d.JbBz, o => o.MapFrom(s => s.DecidedAtWindow ? "1" : "0"))
            .ForMember(d => d.YsBz, o => o.MapFrom(s => s.PreReview ? "1" : "0"))
            .ForMember(d => d.MnBz, o => o.MapFrom(s => s.Application.Simulated ? "1" : "0"));
    }

    static string FormValue(object? value) => value switch
    {
        null => "",
        JsonElement { ValueKind: JsonValueKind.String } e => e.GetString() ?? "",
        JsonElement e => e.GetRawText(),
        _ => Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? "",
    };
}
