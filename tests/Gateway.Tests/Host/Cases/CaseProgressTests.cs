using Gateway.Contracts.Status;
using Gateway.Host.Cases;
using Xunit;

namespace Gateway.Tests.Host.Cases;

public class CaseStateOrdering
{
    [Theory]
    [InlineData("Initial", CaseStatuses.Received, true)]
    [InlineData(CaseStatuses.Received, CaseStatuses.Dispatched, true)]
    [InlineData(CaseStatuses.Dispatched, CaseStatuses.DepartmentReceived, true)]
    [InlineData(CaseStatuses.Received, CaseStatuses.Approved, true)]          // decision before receipt moves the case on
    [InlineData(CaseStatuses.Approved, CaseStatuses.DepartmentReceived, false)] // ... and the late receipt does not move it back
    [InlineData(CaseStatuses.Approved, CaseStatuses.Completed, true)]
    [InlineData(CaseStatuses.Completed, CaseStatuses.Approved, false)]
    [InlineData(CaseStatuses.Approved, CaseStatuses.Refused, false)]          // the first decision stands
    [InlineData(CaseStatuses.Refused, CaseStatuses.Completed, false)]         // nothing leaves a final state
    [InlineData(CaseStatuses.NotAccepted, CaseStatuses.Approved, false)]
    [InlineData(CaseStatuses.DispatchFailed, CaseStatuses.DepartmentReceived, true)]
    [InlineData(CaseStatuses.Dispatched, CaseStatuses.Dispatched, false)]     // a duplicate changes nothing
    [InlineData(CaseStatuses.DepartmentReceived, CaseStatuses.AwaitingCorrection, true)]
    [InlineData(CaseStatuses.CorrectionSupplied, CaseStatuses.AwaitingCorrection, true)]  // a second correction round
    [InlineData(CaseStatuses.AwaitingCorrection, CaseStatuses.AwaitingCorrection, false)] // one notice per round
    [InlineData(CaseStatuses.AwaitingCorrection, CaseStatuses.DepartmentReceived, false)] // a late receipt
    [InlineData(CaseStatuses.AwaitingCorrection, CaseStatuses.Accepted, true)]
    [InlineData(CaseStatuses.Accepted, CaseStatuses.AwaitingCorrection, false)]           // corrections come before acceptance
    [InlineData(CaseStatuses.Suspended, CaseStatuses.Approved, true)]                     // a decision ends a suspension too
    [InlineData(CaseStatuses.Suspended, CaseStatuses.Accepted, false)]                    // only a resumption does: a late acceptance does not
    [InlineData(CaseStatuses.Withdrawn, CaseStatuses.Approved, false)]                    // nothing leaves a withdrawn case
    [InlineData(CaseStatuses.Delivered, CaseStatuses.Completed, false)]
    public void Should_only_move_a_case_forward(string current, string target, bool advances) =>
        Assert.Equal(advances, CaseProgress.CanAdvance(current, target));

    [Fact]
    public void Should_reach_the_same_state_whatever_the_order_of_consistent_reports()
    {
        string[] reports = [CaseStatuses.Dispatched, CaseStatuses.DepartmentReceived, CaseStatuses.Accepted, CaseStatuses.Approved, CaseStatuses.Completed];
        var finals = Permutations(reports).Select(order =>
        {
            var state = CaseStatuses.Received;
            foreach (var r in order)
                if (CaseProgress.CanAdvance(state, r)) state = r;
            return state;
        }).Distinct().ToList();
        Assert.Equal([CaseStatuses.Completed], finals);
    }

    [Theory]
    [InlineData(CaseStatuses.Completed, CaseStatuses.DepartmentReceived, "late")]
    [InlineData(CaseStatuses.Accepted, CaseStatuses.AwaitingCorrection, "late")]
    [InlineData(CaseStatuses.AwaitingCorrection, CaseStatuses.DepartmentReceived, "late")]
    [InlineData(CaseStatuses.Completed, CaseStatuses.Approved, "late")]
    [InlineData(CaseStatuses.Completed, CaseStatuses.Refused, "contradicts")]
    [InlineData(CaseStatuses.Refused, CaseStatuses.Approved, "contradicts")]
    [InlineData(CaseStatuses.Approved, CaseStatuses.NotAccepted, "contradicts")]
    [InlineData(CaseStatuses.Accepted, CaseStatuses.Accepted, "again")]
    public void Should_say_why_a_report_left_the_case_unchanged(string current, string target, string word) =>
        Assert.Contains(word, CaseProgress.DescribeUnchanged(current, target));

    [Fact]
    public void Should_refuse_a_name_that_is_not_a_state() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => CaseProgress.CanAdvance(CaseStatuses.Received, "Archived"));

    static IEnumerable<string[]> Permutations(string[] items) =>
        items.Length <= 1
            ? [items]
            : items.SelectMany((item, i) => Permutations([.. items[..i], .. items[(i + 1)..]]).Select(rest => (string[])[item, .. rest]));

    [Theory]
    [InlineData(CaseStatuses.Accepted)]
    [InlineData(CaseStatuses.Completed)]
    [InlineData(CaseStatuses.Refused)]
    public void Should_let_nothing_move_a_stopped_case(string report)
    {
        Assert.True(CaseProgress.IsFinal(CaseStatuses.Stopped));
        Assert.False(CaseProgress.CanAdvance(CaseStatuses.Stopped, report));
        Assert.True(CaseProgress.CanAdvance(CaseStatuses.Accepted, CaseStatuses.Stopped));
    }

    [Theory]
    [InlineData(CaseStatuses.Dispatched, true, false)]
    [InlineData(CaseStatuses.AwaitingCorrection, true, false)]
    [InlineData(CaseStatuses.Suspended, true, false)]
    [InlineData(CaseStatuses.Approved, false, false)]      // decided: too late to withdraw, and the licence is still to come
    [InlineData(CaseStatuses.Completed, false, true)]
    [InlineData(CaseStatuses.Refused, false, true)]
    [InlineData(CaseStatuses.NotAccepted, false, true)]
    [InlineData(CaseStatuses.Withdrawn, false, false)]
    [InlineData(CaseStatuses.Stopped, false, false)]       // stopped because a bundle prerequisite failed: nothing to deliver
    [InlineData(CaseStatuses.Delivered, false, false)]
    public void Should_allow_withdrawal_before_the_decision_and_delivery_once_there_is_a_result(string state, bool withdraw, bool deliver)
    {
        Assert.Equal(withdraw, CaseProgress.CanWithdraw(state));
        Assert.Equal(deliver, CaseProgress.CanDeliver(state));
    }
}
