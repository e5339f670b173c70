using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.EntityFrameworkCore;

namespace Gateway.Host.Persistence;

/// <summary>
/// Writes what concurrent requests hand over many at once (group commit): what arrives while one unit of work commits is written
/// together in the next, so a busy gateway pays one transaction for many requests instead of one each. A caller returns only once its
/// own item has committed, and throws what its own write threw. If a group fails because the database refused one of its statements
/// (a key taken, a constraint) or one item's own work threw, each item of the group is written again alone, so the failure is its own
/// item's answer, not its neighbours'; if the database cannot be reached, every item of the group gets that error at once. A write may
/// run an item's part in the trace of the request that handed it over (<see cref="Item.InItsTrace"/>).
/// </summary>
/// <param name="write">
/// Writes a group in the given context as one unit of work (one <c>SaveChanges</c>, or its own transaction). It may run again for an
/// item of a failed group, in a fresh context: whatever it adds it builds anew, and a key the database generated is reset first.
/// </param>
public sealed class GroupCommit<T>(IDbContextFactory<GatewayDbContext> dbFactory, Func<GatewayDbContext, IReadOnlyList<GroupCommit<T>.Item>, Task> write,
    ILogger logger) where T : notnull
{
    /// <summary>Most items one unit of work writes.</summary>
    public const int MostPerCommit = 256;

    /// <summary>An item handed over, with the trace it was handed over in.</summary>
    public sealed class Item(T value)
    {
        public T Value { get; } = value;
        internal Activity? Trace { get; } = Activity.Current;
        internal TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        /// <summary>Runs <paramref name="action"/> in the trace of the request that handed this item over.</summary>
        public void InItsTrace(Action action)
        {
            var writer = Activity.Current;
            Activity.Current = Trace;
            try { action(); }
            finally { Activity.Current = writer; }
        }
    }

    readonly ConcurrentQueue<Item> _queue = new();
    // One writer at a time; whoever holds it writes everything queued, its own item among them.
    readonly SemaphoreSlim _writer = new(1, 1);

    /// <summary>
    /// Returns once <paramref name="value"/> has committed. Not cancellable: an item handed over is written whether its caller waits or not.
    /// </summary>
    public async Task WriteAsync(T value)
    {
        var item = new Item(value);
        _queue.Enqueue(item);
        await _writer.WaitAsync(CancellationToken.None);
        try
        {
            // Written by the writer before this one, or written now with what was queued since (in more than one group when more
            // than a group's worth came before it).
            while (!item.Done.Task.IsCompleted) await WriteQueuedAsync();
        }
        finally
        {
            _writer.Release();
        }
        await item.Done.Task;
    }

    async Task WriteQueuedAsync()
    {
        var group = new List<Item>();
        while (group.Count < MostPerCommit && _queue.TryDequeue(out var next)) group.Add(next);
        if (group.Count == 0) return;
        try
        {
            await WriteAsync(group);
            foreach (var i in group) i.Done.TrySetResult();
        }
        catch (Exception ex) when (group.Count > 1 && !DatabaseOutOfReach(ex))
        {
            logger.LogDebug(ex, "A group of {Count} failed; each is written alone", group.Count);
            foreach (var i in group)
            {
                try
                {
                    await WriteAsync([i]);
                    i.Done.TrySetResult();
                }
                catch (Exception alone)
                {
                    i.Done.TrySetException(alone);
                }
            }
        }
        catch (Exception ex)
        {
            // The database out of reach, the transaction lost: every item of the group gets the error, as each would have alone,
            // without a wait for each.
            foreach (var i in group) i.Done.TrySetException(ex);
        }
        finally
        {
            // Whatever went wrong above (a logger that throws), no caller is left waiting for an answer that will not come.
            foreach (var i in group) i.Done.TrySetException(new InvalidOperationException("The group this item was written in ended without an answer for it"));
        }
    }

    async Task WriteAsync(IReadOnlyList<Item> group)
    {
        await using var db = await dbFactory.CreateDbContextAsync(CancellationToken.None);
        await write(db, group);
    }

    /// <summary>
    /// The database could not run the group (a lost connection, a timeout, a server going down: what the provider calls transient, or the
    /// transaction lost with its connection), as opposed to refusing one of its statements (a key taken, a constraint) or one item's own
    /// work failing: only in the latter cases can one item be at fault, and the others are worth writing without it.
    /// </summary>
    static bool DatabaseOutOfReach(Exception ex)
    {
        // A transient error the server did not answer with (no SQLSTATE: the connection, not a statement); a deadlock or a
        // serialization failure is the server's answer to one statement, so it goes item by item like a taken key.
        for (var e = ex; e is not null; e = e.InnerException)
            if (e is System.Data.Common.DbException { IsTransient: true, SqlState: null } or TransactionLostException or TimeoutException) return true;
        return false;
    }
}
