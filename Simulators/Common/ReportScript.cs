using System.Security.Cryptography;
using System.Text;
using Gateway.Contracts.Departments;

namespace Gateway.Simulators.Common;

/// <summary>
/// The reports a simulated department sends for one case, in the order its behaviour asks for. With correction rounds, the first
/// dispatch is answered with a receipt and a correction notice, each corrected application with the next notice, the last with the
/// acceptance and decision. A case held for pre-review (预审) is received and accepted only; its release brings the decision.
/// </summary>
public static class ReportScript
{
    public static IReadOnlyList<DepartmentEventReport> For(SimulatedCase c, SimulatorBehaviour behaviour, string department, string licenceType,
        int validYears)
    {
        DepartmentEventReport Report(string type, Func<DepartmentEventReport, DepartmentEventReport>? fill = null)
        {
            // The wrong-code fault: the acceptance goes out under a type the tables do not have.
            var wireType = behaviour.Fault == SimulatorBehaviour.Faults.WrongCode && type == DepartmentEventTypes.Accepted ? "accept" : type;
            var r = new DepartmentEventReport { EventId = $"{c.Reference}-{type}", CaseNo = c.CaseNo, Type = wireType, OccurredAt = DateTime.UtcNow };
            return fill is null ? r : fill(r);
        }

        List<DepartmentEventReport> receipt = c.CorrectionRound == 0 && !c.Released ? [Report(DepartmentEventTypes.Received)] : [];
        if (c.CorrectionRound < behaviour.CorrectionRounds)
            return [.. receipt, new DepartmentEventReport
            {
                EventId = $"{c.Reference}-{DepartmentEventTypes.CorrectionRequired}-{c.CorrectionRound + 1}", CaseNo = c.CaseNo,
                Type = DepartmentEventTypes.CorrectionRequired, OccurredAt = DateTime.UtcNow,
                Corrections = c.MaterialCodes is { Count: > 0 } codes
                    ? [new ReportedCorrection { MaterialCode = codes[0], Description = "材料扫描件不清晰,请重新上传清晰完整的电子件", Method = "online" }]
                    : [new ReportedCorrection { Description = "请补充说明申请用途", Method = "online" }],
            }];
        if (behaviour.Outcome == SimulatorBehaviour.Outcomes.NotAccept)
            return [.. receipt, Report(DepartmentEventTypes.NotAccepted, r => r with { Reasons = ["申请事项不属于本机关职权范围"] })];

        var accepted = Report(DepartmentEventTypes.Accepted, r => r with { NoticeNo = $"受理字〔{DateTime.UtcNow:yyyy}〕{c.Reference[^6..]}号" });
        List<DepartmentEventReport> decision = behaviour.Outcome == SimulatorBehaviour.Outcomes.Refuse
            ? [Report(DepartmentEventTypes.Refused, r => r with { Reasons = ["经核查,申请材料与实际情况不符"] })]
            :
            [
                Report(DepartmentEventTypes.Approved, r => r with { Remarks = "准予办理" }),
                Report(DepartmentEventTypes.LicenceIssued, r => r with
                {
                    Licence = behaviour.Fault == SimulatorBehaviour.Faults.MissingLicenceField
                        ? Licence(c, department, licenceType, validYears) with { HolderIdNumber = null }
                        : Licence(c, department, licenceType, validYears),
                }),
            ];
        if (c.PreReview) return [.. receipt, accepted];
        if (c.Released && c.ReportsSent.Contains(DepartmentEventTypes.Accepted)) return decision;
        return behaviour.DecisionBeforeReceipt ? [.. decision, .. receipt, accepted] : [.. receipt, accepted, .. decision];
    }

    static ReportedLicence Licence(SimulatedCase c, string department, string type, int years)
    {
        var today = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8));
        return new ReportedLicence
        {
            LicenceNo = "L" + Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(department + c.CaseNo)))[..16],
            LicenceType = type,
            HolderName = c.ApplicantName,
            HolderIdNumber = c.ApplicantIdNumber,
            ValidFrom = today,
            ValidUntil = years == 0 ? null : today.AddYears(years).AddDays(-1),
        };
    }
}
