using Gateway.Host.Messaging.Outbox;
using Gateway.Host.Persistence;
using MassTransit;
using MassTransit.Saga;
using Microsoft.EntityFrameworkCore;

namespace Gateway.Host.Messaging.Sagas;

/// <summary>
/// Saga persistence on EF Core with a transactional inbox and outbox: each event is handled in one database transaction that
/// (1) records the message id in the inbox, skipping the event if it was handled before, (2) loads or creates the saga row,
/// (3) saves it with an optimistic concurrency check on its version, together with whatever the saga's activities added
/// (timeline, licences, outbox messages). A concurrency conflict rolls everything back and the bus retries the event.
/// </summary>
public sealed class EfSagaRepositoryContextFactory<TSaga>(
    IDbContextFactory<GatewayDbContext> dbFactory,
    ISagaConsumeContextFactory<GatewayDbContext, TSaga> consumeContextFactory,
    OutboxSignal outboxSignal,
    ILogger<EfSagaRepositoryContextFactory<TSaga>> logger) : ISagaRepositoryContextFactory<TSaga>
    where TSaga : class, ISaga, ISagaVersioned
{
    /// <summary>The name this saga's handled messages carry in the inbox.</summary>
    public static readonly string Consumer = typeof(TSaga).Name;

    public void Probe(ProbeContext context) => context.Add("persistence", "entity-framework-gateway");

    public async Task Send<T>(ConsumeContext<T> context, IPipe<SagaRepositoryContext<TSaga, T>> next) where T : class
    {
        if (typeof(TSaga) == typeof(Cases.CaseState) && CaseEvents.CaseEventBatch.Current is { } batch)
        {
            // Applied by the case event worker: the batch's context and transaction, saved and committed by the worker for all its cases.
            context.AddOrUpdatePayload(() => batch.Unit, _ => batch.Unit);
            await next.Send(new EfSagaRepositoryContext<TSaga, T>(batch.Db, context, consumeContextFactory, batch));
            return;
        }
        await using var db = await dbFactory.CreateDbContextAsync(context.CancellationToken);
        await using var tx = await db.Database.BeginTransactionAsync(context.CancellationToken);

        if (context.MessageId is { } messageId)
        {
            if (await db.Inbox.HandledAsync(messageId, Consumer, context.CancellationToken))
            {
                logger.LogDebug("{Saga} already handled message {MessageId} ({Type}); skipped", Consumer, messageId, typeof(T).Name);
                await tx.RollbackAsync(CancellationToken.None);
                return;
            }
            db.Inbox.Record(messageId, Consumer);
        }

        var unit = new SagaUnitOfWork(db);
        context.AddOrUpdatePayload(() => unit, _ => unit);

        var repositoryContext = new EfSagaRepositoryContext<TSaga, T>(db, context, consumeContextFactory);
        // The repository saves inside the pipe (insert, update), so whether outbox messages were written is noted at every save.
        // (The handler goes with the unit: EF Core drops a pooled context's handlers when the context goes back to the pool.)
        var wroteOutbox = false;
        db.SavingChanges += (_, _) => wroteOutbox |= db.ChangeTracker.Entries<OutboxMessage>().Any(e => e.State == EntityState.Added);
        try
        {
            await next.Send(repositoryContext);
            await db.SaveChangesAsync(context.CancellationToken);
            await tx.CommitAsync(context.CancellationToken);
            unit.Committed();
        }
        catch (Exception ex) when (SagaConcurrency.IsConflict(ex))
        {
            SagaConcurrency.RecordConflict(Consumer);
            logger.LogDebug("{Saga} {CorrelationId}: concurrent update, the event will be retried on fresh state", Consumer, context.CorrelationId);
            throw;
        }
        if (wroteOutbox) outboxSignal.Notify();
    }


    public Task SendQuery<T>(ConsumeContext<T> context, ISagaQuery<TSaga> query, IPipe<SagaRepositoryQueryContext<TSaga, T>> next) where T : class =>
        throw new NotSupportedException($"{Consumer} events correlate by id; query correlation is not supported");
}

sealed class EfSagaRepositoryContext<TSaga, TMessage> : MassTransit.Context.ConsumeContextScope<TMessage>, SagaRepositoryContext<TSaga, TMessage>
    where TSaga : class, ISaga, ISagaVersioned
    where TMessage : class
{
    readonly GatewayDbContext db;
    readonly ConsumeContext<TMessage> consumeContext;
    readonly ISagaConsumeContextFactory<GatewayDbContext, TSaga> factory;
    /// <summary>Set when the event is applied as part of a batch: nothing is saved here, the worker saves the batch.</summary>
    readonly CaseEvents.CaseEventBatch? batch;

    public EfSagaRepositoryContext(GatewayDbContext db, ConsumeContext<TMessage> consumeContext, ISagaConsumeContextFactory<GatewayDbContext, TSaga> factory,
        CaseEvents.CaseEventBatch? batch = null)
        : base(consumeContext, db)
    {
        this.db = db;
        this.consumeContext = consumeContext;
        this.factory = factory;
        this.batch = batch;
    }

    Task SaveAsync() => batch is null ? db.SaveChangesAsync(CancellationToken) : Task.CompletedTask;

    public Task<SagaConsumeContext<TSaga, TMessage>> Add(TSaga instance) =>
        factory.CreateSagaConsumeContext(db, consumeContext, instance, SagaConsumeContextMode.Add);

    public async Task<SagaConsumeContext<TSaga, TMessage>> Insert(TSaga instance)
    {
        var entry = db.Set<TSaga>().Add(instance);
        try
        {
            await SaveAsync();
            return await factory.CreateSagaConsumeContext(db, consumeContext, instance, SagaConsumeContextMode.Insert);
        }
        catch (DbUpdateException)
        {
            entry.State = EntityState.Detached;
            return default!;
        }
    }

    public async Task<SagaConsumeContext<TSaga, TMessage>> Load(Guid correlationId)
    {
        TSaga? instance;
        if (batch is not null && db.Set<TSaga>().Local.FindEntry(correlationId)?.Entity is { } tracked) instance = tracked;
        else if (batch is not null && batch.LoadedCases.Contains(correlationId)) instance = null;   // read up front: there is none yet
        else instance = await db.Set<TSaga>().SingleOrDefaultAsync(s => s.CorrelationId == correlationId, CancellationToken);
        return instance is null ? default! : await factory.CreateSagaConsumeContext(db, consumeContext, instance, SagaConsumeContextMode.Load);
    }

    public async Task Save(SagaConsumeContext<TSaga> context)
    {
        db.Set<TSaga>().Add(context.Saga);
        await SaveAsync();
    }

    public async Task Update(SagaConsumeContext<TSaga> context)
    {
        context.Saga.Version++;
        await SaveAsync();
    }

    public async Task Delete(SagaConsumeContext<TSaga> context)
    {
        db.Set<TSaga>().Remove(context.Saga);
        await SaveAsync();
    }

    public Task Discard(SagaConsumeContext<TSaga> context) => Task.CompletedTask;

    public Task Undo(SagaConsumeContext<TSaga> context)
    {
        var entry = db.ChangeTracker.Entries<TSaga>().FirstOrDefault(e => e.Entity.CorrelationId == context.Saga.CorrelationId);
        if (entry is not null) entry.State = EntityState.Unchanged;
        return Task.CompletedTask;
    }

    public Task<SagaConsumeContext<TSaga, T>> CreateSagaConsumeContext<T>(ConsumeContext<T> context, TSaga instance, SagaConsumeContextMode mode)
        where T : class =>
        factory.CreateSagaConsumeContext(db, context, instance, mode);
}
