using AutoMapper;
using Gateway.Contracts.Messages;
using Gateway.Mappings.CodeTables;

namespace Gateway.Mappings.Departments.SocialSecurity;

/// <summary>Canonical dispatch to the social security bureau's card-application row.</summary>
public sealed class RsProfile : Profile
{
    public const string Department = "RS";

    public RsProfile()
    {
        var codes = CodeTable.For(Department);
        CreateMap<DispatchToDepartment, RsCardApplication>()
            .ForMember(d => d.Ywlsh, o => o.MapFrom(s => s.DispatchId))
            .ForMember(d => d.Sqbh, o => o.MapFrom(s => s.CaseNo))
            .ForMember(d => d.Sxbm, o => o.MapFrom(s => codes.Translate("item", s.ItemCode)))
            .ForMember(d => d.Sqsj, o => o.MapFrom(s => BeijingTime.Format(s.SubmittedAt, "yyyyMMddHHmmss")))
            .ForMember(d => d.Xm, o => o.MapFrom(s => s.Application.Applicant.Name))
            .ForMember(d => d.Zjlx, o => o.MapFrom(s => codes.Translate("idType", s.Application.Applicant.IdType)))
            .ForMember(d => d.Zjhm, o => o.MapFrom(s => s.Application.Applicant.IdNumber))
            .ForMember(d => d.Lxdh, o => o.MapFrom(s => s.Application.Applicant.Phone ?? ""))
            .ForMember(d => d.Sdfs, o => o.MapFrom(s => codes.Translate("delivery", s.Application.Delivery.Method)))
            .ForMember(d => d.Yjdz, o => o.MapFrom(s => s.Application.Delivery.Address ?? ""))
            .ForMember(d => d.Bzlc, o => o.MapFrom(s => s.CorrectionRound.ToString(System.Globalization.CultureInfo.InvariantCulture)))
            .ForMember(d => d.Cxbz, o => o.MapFrom(s => s.IsWithdrawal ? "1" : "0"))
            .ForMember(d => d.Cxyy, o => o.MapFrom(s => s.WithdrawalReason ?? ""))
            .ForMember(d => d.Jbbz, o => o.MapFrom(s => s.DecidedAtWindow ? "1" : "0"))
            .ForMember(d => d.Ysbz, o => o.MapFrom(s => s.PreReview ? "1" : "0"))
            .ForMember(d => d.Mnbz, o => o.MapFrom(s => s.Application.Simulated ? "1" : "0"))
            .ForMember(d => d.Clxx, o => o.MapFrom(s => string.Join("|", s.Application.Materials.Select(m =>
                $"{codes.Translate("material", m.Code)}:{codes.Translate("medium", m.Medium)}:{m.Sha256}"))))
            .ForMember(d => d.Attachments, o => o.MapFrom(s => s.Application.Materials
                .Where(m => m.ContentBase64 != null)
                .Select(m => new ValueTuple<string, byte[]>(codes.Translate("material", m.Code), Convert.FromBase64String(m.ContentBase64!)))
                .ToList()));
    }
}
