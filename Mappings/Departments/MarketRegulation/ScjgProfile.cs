using AutoMapper;
using Gateway.Contracts.Applications;
using Gateway.Contracts.Messages;
using Gateway.Mappings.CodeTables;

namespace Gateway.Mappings.Departments.MarketRegulation;

/// <summary>
/// Canonical dispatch to the registration request of the provincial registration interface (pinyin-initial field names), which the
/// market regulation bureau's approval system speaks, and any other department's system built to it (the health commission's).
/// The department's own code tables supply its codes.
/// </summary>
public sealed class ScjgProfile : Profile
{
    public const string Department = "SCJG";

    public ScjgProfile() : this(Department)
    {
    }

    public ScjgProfile(string department)
    {
        var codes = CodeTable.For(department);

        CreateMap<Applicant, ScjgApplicant>()
            .ForMember(d => d.Sqrlx, o => o.MapFrom(s => codes.Translate("applicantKind", s.Kind)))
            .ForMember(d => d.Sqrmc, o => o.MapFrom(s => s.Name))
            .ForMember(d => d.Zjlx, o => o.MapFrom(s => codes.Translate("idType", s.IdType)))
            .ForMember(d => d.Zjhm, o => o.MapFrom(s => s.IdNumber))
            .ForMember(d => d.Lxdh, o => o.MapFrom(s => s.Phone));

        CreateMap<SubmittedMaterial, ScjgMaterial>()
            .ForMember(d => d.Clbm, o => o.MapFrom(s => codes.Translate("material", s.Code)))
            .ForMember(d => d.Clmc, o => o.MapFrom(s => s.Name))
            .ForMember(d => d.Clxs, o => o.MapFrom(s => codes.Translate("medium", s.Medium)))
            .ForMember(d => d.Wjhx, o => o.MapFrom(s => s.Sha256))
            .ForMember(d => d.Wjnr, o => o.MapFrom(s => s.ContentBase64))
            .ForMember(d => d.Wjdz, o => o.MapFrom(s => s.Reference));

        CreateMap<DispatchToDepartment, ScjgRegistrationRequest>()
            .ForMember(d => d.Ywlsh, o => o.MapFrom(s => s.DispatchId))
            .ForMember(d => d.Sqbh, o => o.MapFrom(s => s.CaseNo))
            .ForMember(d => d.Sxbm, o => o.MapFrom(s => codes.Translate("item", s.ItemCode)))
            .ForMember(d => d.Sqsj, o => o.MapFrom(s => BeijingTime.Format(s.SubmittedAt, "yyyy-MM-dd HH:mm:ss")))
            .ForMember(d => d.Sqdq, o => o.MapFrom(s => s.Application.ApplyingWindow.RegionCode))
            .ForMember(d => d.Sqck, o => o.MapFrom(s => s.Application.ApplyingWindow.WindowId))
            .ForMember(d => d.Sqrxx, o => o.MapFrom(s => s.Application.Applicant))
            .ForMember(d => d.Clxx, o => o.MapFrom(s => s.Application.Materials))
            .ForMember(d => d.Bdxx, o => o.MapFrom(s => new Dictionary<string, object?>(s.Application.FormData)))
            .ForMember(d => d.Sdfs, o => o.MapFrom(s => codes.Translate("delivery", s.Application.Delivery.Method)))
            .ForMember(d => d.Yjdz, o => o.MapFrom(s => s.Application.Delivery.Address))
            .ForMember(d => d.Bzlc, o => o.MapFrom(s => s.CorrectionRound))
            .ForMember(d => d.Cxbz, o => o.MapFrom(s => s.IsWithdrawal ? "1" : "0"))
            .ForMember(d => d.Cxyy, o => o.MapFrom(s => s.WithdrawalReason))
            .ForMember(d => d.Jbbz, o => o.MapFrom(s => s.DecidedAtWindow ? "1" : "0"))
            .ForMember(d => d.Ysbz, o => o.MapFrom(s => s.PreReview ? "1" : "0"))
            .ForMember(d => d.Mnbz, o => o.MapFrom(s => s.Application.Simulated ? "1" : "0"));
    }
}
