using Gateway.Contracts.Status;
using Gateway.Host.Persistence;

namespace Gateway.Host.Feed;

/// <summary>Adds the feed entry of a state change to the unit of work making the change, so the two commit together or not at all.</summary>
public static class FeedWriter
{
    public static void Case(GatewayDbContext db, Guid caseId, string caseNo, string itemCode, string departmentCode, string status, DateTime at,
        int? completionResult = null, string? licenceNo = null, string? bundleNo = null, bool simulated = false) =>
        db.Feed.Add(new FeedEntry
        {
            EntryId = Guid.NewGuid(), SubjectKind = "case", SubjectId = caseId, SubjectNo = caseNo, ItemCode = itemCode, DepartmentCode = departmentCode,
            Status = status, StepCode = StepOf(status), CompletionResult = completionResult, LicenceNo = licenceNo, BundleNo = bundleNo, Simulated = simulated,
            OccurredAt = DateTime.SpecifyKind(at, DateTimeKind.Utc),
        });

    public static void Bundle(GatewayDbContext db, Guid bundleId, string bundleNo, string bundleCode, string leadDepartmentCode, string state, DateTime at) =>
        db.Feed.Add(new FeedEntry
        {
            EntryId = Guid.NewGuid(), SubjectKind = "bundle", SubjectId = bundleId, SubjectNo = bundleNo, BundleNo = bundleNo, ItemCode = bundleCode,
            DepartmentCode = leadDepartmentCode, Status = state,
            StepCode = state is "Completed" or "Ended" or "Withdrawn" or "Delivered" ? StepCodes.Completion : StepCodes.Intake,
            OccurredAt = DateTime.SpecifyKind(at, DateTimeKind.Utc),
        });

    /// <summary>The step of the provincial exchange tables a case state belongs to.</summary>
    public static int StepOf(string status) => status switch
    {
        CaseStatuses.Submitted or CaseStatuses.Received or CaseStatuses.Dispatched or CaseStatuses.DispatchFailed or CaseStatuses.DepartmentReceived
            => StepCodes.Intake,
        CaseStatuses.AwaitingCorrection or CaseStatuses.CorrectionSupplied => StepCodes.Correction,
        CaseStatuses.Accepted or CaseStatuses.NotAccepted => StepCodes.Acceptance,
        CaseStatuses.Suspended => StepCodes.Suspended,
        CaseStatuses.Approved => StepCodes.Review,
        _ => StepCodes.Completion,
    };
}
