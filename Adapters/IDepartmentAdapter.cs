using Gateway.Contracts.Messages;

namespace Gateway.Adapters;

/// <summary>
/// The one contract every transport (REST, SOAP, file drop, manual inbox) implements. An adapter translates and delivers;
/// it never decides case state. A transient failure (department down, timeout, circuit open) is thrown as
/// <see cref="DepartmentUnavailableException"/> so the caller retries; a permanent one is returned as <see cref="DispatchOutcome.Rejected"/>.
/// </summary>
public interface IDepartmentAdapter
{
    /// <summary>The protocol name used in the catalogue: rest, soap, filedrop or manual.</summary>
    string Protocol { get; }

    Task<DispatchOutcome> DispatchAsync(DispatchToDepartment dispatch, CancellationToken cancellationToken);
}
