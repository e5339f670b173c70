using Gateway.Host.Messaging.Sagas;
using Gateway.Host.Persistence;

namespace Gateway.Host.Messaging.CaseEvents;

/// <summary>
/// The unit of work of a batch of case events being applied by <see cref="CaseEventWorker"/>: one context and one transaction for
/// every case in the batch, their saga rows read (and on PostgreSQL locked) up front. While a batch is current, the case saga's
/// repository takes its sagas from here and leaves saving to the worker, which saves the whole batch at once.
/// </summary>
public sealed class CaseEventBatch
{
    static readonly AsyncLocal<CaseEventBatch?> Ambient = new();

    public CaseEventBatch(GatewayDbContext db, IEnumerable<Guid> loadedCases)
    {
        Db = db;
        Unit = new SagaUnitOfWork(db);
        LoadedCases = loadedCases.ToHashSet();
    }

    /// <summary>The batch being applied in this flow of execution, if any.</summary>
    public static CaseEventBatch? Current => Ambient.Value;

    public GatewayDbContext Db { get; }

    public SagaUnitOfWork Unit { get; }

    /// <summary>Cases whose saga rows were read up front: a case among them without a tracked saga has none yet.</summary>
    public IReadOnlySet<Guid> LoadedCases { get; }

    /// <summary>Makes this batch current until the returned scope is disposed (call it outside an async method, so it reaches the calls that follow).</summary>
    public IDisposable Enter()
    {
        Ambient.Value = this;
        return new Scope();
    }

    sealed class Scope : IDisposable
    {
        public void Dispose() => Ambient.Value = null;
    }
}
