using Gateway.Host.Persistence;
using MassTransit;

namespace Gateway.Host.Messaging.Sagas;

/// <summary>
/// The database transaction a saga event runs in. Saga activities add timeline entries, licences and outbox messages to
/// <see cref="Db"/>; they commit with the saga row and the inbox row, or not at all.
/// </summary>
public sealed class SagaUnitOfWork(GatewayDbContext db)
{
    public GatewayDbContext Db { get; } = db;

    /// <summary>The states cases entered in this unit of work (state, department), counted once it has committed.</summary>
    public List<(string State, string Department)> Entered { get; } = [];

    /// <summary>Counts what this unit of work did; call after its commit.</summary>
    public void Committed()
    {
        foreach (var (state, department) in Entered) Observability.GatewayMetrics.StateEntered(state, department);
        Entered.Clear();
    }
}

public static class SagaUnitOfWorkExtensions
{
    /// <summary>The unit of work of the saga event being handled.</summary>
    public static SagaUnitOfWork UnitOfWork(this PipeContext context) =>
        context.TryGetPayload(out SagaUnitOfWork? unit)
            ? unit
            : throw new InvalidOperationException("The saga is not running inside the EF saga repository's unit of work");
}
