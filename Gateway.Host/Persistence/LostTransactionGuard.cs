using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Gateway.Host.Persistence;

/// <summary>
/// Stops a unit of work whose database connection was lost inside its transaction (the server restarted, the connection was
/// terminated). EF Core would open a new connection for the next command and drop the transaction without a word, so the unit's
/// remaining statements would each commit on their own, outside the transaction its earlier ones died with: a batch of case events
/// could be marked applied while the cases' changes were never saved. Here, a connection opened again while the context's
/// transaction is neither committed nor rolled back fails with <see cref="TransactionLostException"/>; the caller rolls back and
/// tries the whole unit again, as after any other database failure.
/// </summary>
public sealed class LostTransactionGuard : IDbConnectionInterceptor, IDbTransactionInterceptor
{
    public static readonly LostTransactionGuard Instance = new();

    sealed class State
    {
        public int Lease;
        public bool Open;
        public bool InTransaction;
    }

    readonly ConditionalWeakTable<DbContext, State> _states = new();

    State? For(DbContext? context)
    {
        if (context is null) return null;
        var state = _states.GetValue(context, _ => new State { Lease = context.ContextId.Lease });
        // A pooled context handed out again starts clean.
        if (state.Lease != context.ContextId.Lease)
        {
            state.Lease = context.ContextId.Lease;
            state.Open = state.InTransaction = false;
        }
        return state;
    }

    void Opening(DbContext? context)
    {
        // EF opens a connection it had open only when the connection was lost under it (it closes its own with an event).
        if (For(context) is { Open: true, InTransaction: true })
            throw new TransactionLostException();
    }

    public InterceptionResult ConnectionOpening(DbConnection connection, ConnectionEventData eventData, InterceptionResult result)
    {
        Opening(eventData.Context);
        return result;
    }

    public ValueTask<InterceptionResult> ConnectionOpeningAsync(DbConnection connection, ConnectionEventData eventData, InterceptionResult result,
        CancellationToken cancellationToken = default)
    {
        Opening(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) => Set(eventData.Context, open: true);

    public Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Set(eventData.Context, open: true);
        return Task.CompletedTask;
    }

    public void ConnectionClosed(DbConnection connection, ConnectionEndEventData eventData) => Set(eventData.Context, open: false, inTransaction: false);

    public Task ConnectionClosedAsync(DbConnection connection, ConnectionEndEventData eventData)
    {
        Set(eventData.Context, open: false, inTransaction: false);
        return Task.CompletedTask;
    }

    public DbTransaction TransactionStarted(DbConnection connection, TransactionEndEventData eventData, DbTransaction result)
    {
        Set(eventData.Context, inTransaction: true);
        return result;
    }

    public ValueTask<DbTransaction> TransactionStartedAsync(DbConnection connection, TransactionEndEventData eventData, DbTransaction result,
        CancellationToken cancellationToken = default)
    {
        Set(eventData.Context, inTransaction: true);
        return ValueTask.FromResult(result);
    }

    public void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) => Set(eventData.Context, inTransaction: false);

    public Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Set(eventData.Context, inTransaction: false);
        return Task.CompletedTask;
    }

    public void TransactionRolledBack(DbTransaction transaction, TransactionEndEventData eventData) => Set(eventData.Context, inTransaction: false);

    public Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Set(eventData.Context, inTransaction: false);
        return Task.CompletedTask;
    }

    void Set(DbContext? context, bool? open = null, bool? inTransaction = null)
    {
        if (For(context) is not { } state) return;
        if (open is { } o) state.Open = o;
        if (inTransaction is { } t) state.InTransaction = t;
    }
}

/// <summary>The database connection was lost inside a transaction: nothing of the transaction was kept, and nothing more runs in it.</summary>
public sealed class TransactionLostException() : InvalidOperationException(
    "The database connection was lost inside a transaction; the transaction's work was not kept and the unit of work must be tried again");
