using Gateway.Contracts.Messages;

namespace Gateway.Adapters.ManualInbox;

/// <summary>
/// "Delivers" a dispatch to a department that has no system: it lands in the department's inbox, where its clerks see it in the
/// portal and record receipt, acceptance, decision and licence by hand.
/// </summary>
public sealed class ManualInboxAdapter(IManualInbox inbox) : IDepartmentAdapter
{
    public string Protocol => "manual";

    public async Task<DispatchOutcome> DispatchAsync(DispatchToDepartment dispatch, CancellationToken cancellationToken)
    {
        await inbox.PlaceAsync(dispatch, cancellationToken);
        return new DispatchOutcome.Delivered(null);
    }
}
