using Gateway.Contracts.Status;
using Gateway.Host.Calendar;
using Gateway.Host.Catalogue;
using Gateway.Host.Deadlines;
using Gateway.Host.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Gateway.Host.Supervision;

/// <summary>The figures of one group of cases (a department, a window, or all) over the chosen period.</summary>
public sealed record GroupFigures(
    string Key,
    string Name,
    int Volume,
    int Accepted,
    int NotAccepted,
    int Decided,
    int Withdrawn,
    double? MedianHoursToAcceptance,
    double? P90HoursToAcceptance,
    double? MedianHoursToDecision,
    double? P90HoursToDecision,
    int DecidedOnTime,
    double? OnTimeRate,
    int Returned,
    double? ReturnRate,
    int CorrectionRounds,
    int Ratings,
    double? AverageRating,
    double? SatisfiedRate,
    int Overdue,
    int NearDue);

/// <summary>An open time limit that has run out (overdue) or whose warning has come (near due).</summary>
public sealed record LimitAlert(string CaseNo, string DepartmentCode, string WindowId, string ItemName, string Kind, DateTime DueAt, bool Overdue);

public sealed record SupervisionReport(DateOnly From, DateOnly To, DateTime ComputedAt, GroupFigures Total, IReadOnlyList<GroupFigures> Departments,
    IReadOnlyList<GroupFigures> Windows, IReadOnlyList<LimitAlert> Alerts);

/// <summary>
/// Supervision figures (督查, brief §3 "Supervision"; 好差评 per 全省通办规则 第三十二条) over cases submitted between two dates (Beijing
/// time, both included), per department and per applying window: volume; median and 90th percentile of the hours from submission
/// to acceptance and to decision; on-time rate (decisions made by the decision limit); return rate (share of cases sent back to the
/// applicant for corrections, 退件率); not-accepted count; correction rounds; satisfaction (ratings 1-5, share of 4 and 5); and the
/// open limits that are overdue or near due now, whatever the period.
/// </summary>
public sealed class SupervisionFigures(IDbContextFactory<GatewayDbContext> dbFactory, ServiceCatalogue catalogue, TimeProvider clock)
{
    static readonly TimeSpan Beijing = TimeSpan.FromHours(8);

    sealed record Row(Guid CaseId, string CaseNo, string DepartmentCode, string WindowId, DateTime SubmittedAt, string State, DateTime? AcceptedAt,
        DateTime? DecidedAt, int CorrectionRounds, string? Decision, DateTime? DecisionDueAt, int? Score);

    public async Task<SupervisionReport> ComputeAsync(DateOnly from, DateOnly to, CancellationToken ct)
    {
        var fromUtc = DateTime.SpecifyKind(from.ToDateTime(TimeOnly.MinValue) - Beijing, DateTimeKind.Utc);
        var toUtc = DateTime.SpecifyKind(to.AddDays(1).ToDateTime(TimeOnly.MinValue) - Beijing, DateTimeKind.Utc);
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var rows = await (
            from a in db.Applications.AsNoTracking()
            where a.SubmittedAt >= fromUtc && a.SubmittedAt < toUtc && !a.Simulated   // simulated cases (模拟办件) never count
            join c in db.Cases.AsNoTracking() on a.CaseId equals c.CorrelationId into cs
            from c in cs.DefaultIfEmpty()
            join r in db.Ratings.AsNoTracking() on a.CaseId equals r.CaseId into rs
            from r in rs.DefaultIfEmpty()
            select new Row(a.CaseId, a.CaseNo, a.DepartmentCode, a.WindowId, a.SubmittedAt, c == null ? CaseStatuses.Submitted : c.CurrentState,
                c == null ? null : c.AcceptedAt, c == null ? null : c.DecidedAt, c == null ? 0 : c.CorrectionRounds, c == null ? null : c.Decision,
                db.Deadlines.Where(d => d.CaseId == a.CaseId && d.Kind == DeadlineKinds.Decision).Select(d => (DateTime?)d.DueAt).Max(),
                r == null ? null : r.Score)).ToListAsync(ct);

        var open = await (
            from d in db.Deadlines.AsNoTracking()
            where d.ClosedAt == null && d.WarnAt <= now && d.Kind != DeadlineKinds.DeemedAcceptance
            join a in db.Applications.AsNoTracking() on d.CaseId equals a.CaseId
            where !a.Simulated
            orderby d.DueAt
            select new LimitAlert(d.CaseNo, d.DepartmentCode, a.WindowId, a.ItemName, d.Kind, d.DueAt, d.DueAt <= now)).ToListAsync(ct);

        GroupFigures Figures(string key, string name, IReadOnlyList<Row> group, IEnumerable<LimitAlert> alerts)
        {
            var toAcceptance = group.Where(r => r.AcceptedAt is not null).Select(r => (r.AcceptedAt!.Value - r.SubmittedAt).TotalHours).ToList();
            // A decision ends the case's procedure whether it approves or refuses; not-accepted and withdrawn cases have none.
            var decided = group.Where(r => r.DecidedAt is not null && r.Decision is "approved" or "refused").ToList();
            var toDecision = decided.Select(r => (r.DecidedAt!.Value - r.SubmittedAt).TotalHours).ToList();
            var withLimit = decided.Where(r => r.DecisionDueAt is not null).ToList();
            var onTime = withLimit.Count(r => r.DecidedAt <= r.DecisionDueAt);
            var returned = group.Count(r => r.CorrectionRounds > 0);
            var scores = group.Where(r => r.Score is not null).Select(r => r.Score!.Value).ToList();
            var alertList = alerts.ToList();
            return new GroupFigures(key, name, group.Count, group.Count(r => r.AcceptedAt is not null),
                group.Count(r => r.State == CaseStatuses.NotAccepted || r.Decision == "not-accepted"), decided.Count,
                group.Count(r => r.State == CaseStatuses.Withdrawn), Percentile(toAcceptance, 0.5), Percentile(toAcceptance, 0.9),
                Percentile(toDecision, 0.5), Percentile(toDecision, 0.9), onTime, withLimit.Count == 0 ? null : (double)onTime / withLimit.Count,
                returned, group.Count == 0 ? null : (double)returned / group.Count, group.Sum(r => r.CorrectionRounds), scores.Count,
                scores.Count == 0 ? null : scores.Average(), scores.Count == 0 ? null : (double)scores.Count(s => s >= 4) / scores.Count,
                alertList.Count(a => a.Overdue), alertList.Count(a => !a.Overdue));
        }

        var departments = catalogue.Departments.Select(d => Figures(d.Code, d.Name, rows.Where(r => r.DepartmentCode == d.Code).ToList(),
            open.Where(a => a.DepartmentCode == d.Code))).ToList();
        var windows = rows.Select(r => r.WindowId).Union(open.Select(a => a.WindowId)).Distinct().Order()
            .Select(w => Figures(w, w, rows.Where(r => r.WindowId == w).ToList(), open.Where(a => a.WindowId == w))).ToList();
        return new SupervisionReport(from, to, now, Figures("*", "全部 all", rows, open), departments, windows, open);
    }

    /// <summary>The nearest-rank percentile (p in (0, 1]) of the values, or null when there are none.</summary>
    public static double? Percentile(IReadOnlyList<double> values, double p)
    {
        if (values.Count == 0) return null;
        var sorted = values.Order().ToList();
        var rank = (int)Math.Ceiling(p * sorted.Count);
        return sorted[Math.Clamp(rank, 1, sorted.Count) - 1];
    }
}
