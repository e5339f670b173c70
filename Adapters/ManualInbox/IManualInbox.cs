using Gateway.Contracts.Messages;

namespace Gateway.Adapters.ManualInbox;

/// <summary>Where dispatches for departments without a system wait for their clerks (the manual-inbox portal reads it).</summary>
public interface IManualInbox
{
    /// <summary>Places the dispatch in the department's inbox; placing the same dispatch again changes nothing.</summary>
    Task PlaceAsync(DispatchToDepartment dispatch, CancellationToken cancellationToken);
}
