using System.Collections.Concurrent;
using Gateway.Host.Messaging.Outbox;
using Gateway.Host.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Gateway.Host.Departments;

/// <summary>
/// Stores department reports, each with its canonical event in the outbox, many at once: the reports that arrive while one transaction
/// commits are written together in the next (group commit), so a busy gateway pays one transaction for many reports instead of one each.
/// A caller returns only once its own report has committed, as before: a department is answered "accepted" only for a report that is kept.
/// If the database refuses a statement of a group, each of its reports is written again alone, so a report whose key is taken (a repeat,
/// <see cref="DepartmentEventRecord"/>'s department and event id) is its own report's answer, not its neighbours'; if the database cannot
/// be reached, every report of the group gets that error at once.
/// </summary>
public sealed class ReportGroupCommit(IDbContextFactory<GatewayDbContext> dbFactory, OutboxSignal outboxSignal, ILogger<ReportGroupCommit> logger)
{
    /// <summary>Most reports one transaction writes.</summary>
    public const int MostPerCommit = 256;

    sealed record Pending(DepartmentEventRecord Record, OutboxMessage Event)
    {
        public TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    readonly ConcurrentQueue<Pending> _queue = new();
    // One writer at a time; whoever holds it writes everything queued, its own report among them.
    readonly SemaphoreSlim _writer = new(1, 1);

    /// <summary>
    /// Returns once the report and its event have committed; throws what its own write threw (a <see cref="DbUpdateException"/> when the
    /// department already sent a report with this event id). Not cancellable: a report handed over is written whether its caller waits or not.
    /// </summary>
    public async Task WriteAsync(DepartmentEventRecord record, OutboxMessage canonicalEvent)
    {
        var pending = new Pending(record, canonicalEvent);
        _queue.Enqueue(pending);
        await _writer.WaitAsync(CancellationToken.None);
        try
        {
            // Written by the writer before this one, or written now with the reports queued since.
            if (!pending.Done.Task.IsCompleted) await WriteQueuedAsync();
        }
        finally
        {
            _writer.Release();
        }
        await pending.Done.Task;
    }

    async Task WriteQueuedAsync()
    {
        var group = new List<Pending>();
        while (group.Count < MostPerCommit && _queue.TryDequeue(out var next)) group.Add(next);
        if (group.Count == 0) return;
        try
        {
            await WriteAsync(group);
            foreach (var p in group) p.Done.TrySetResult();
        }
        catch (Exception ex) when (group.Count > 1 && StatementRefused(ex))
        {
            logger.LogDebug(ex, "A group of {Count} reports was refused; each is written alone", group.Count);
            foreach (var p in group)
            {
                try
                {
                    await WriteAsync([p]);
                    p.Done.TrySetResult();
                }
                catch (Exception alone)
                {
                    p.Done.TrySetException(alone);
                }
            }
        }
        catch (Exception ex)
        {
            // The database out of reach, the transaction lost: every report of the group gets the error, as each would have alone,
            // without a wait for each.
            foreach (var p in group) p.Done.TrySetException(ex);
        }
        outboxSignal.Notify();
    }

    /// <summary>
    /// The database refused a statement of the group (a key taken, a constraint), as opposed to failing to run it (a lost connection,
    /// a timeout): only then can one report be at fault, and the others are worth writing without it.
    /// </summary>
    static bool StatementRefused(Exception ex) => ex is DbUpdateException { InnerException: System.Data.Common.DbException { IsTransient: false } };

    async Task WriteAsync(IReadOnlyList<Pending> group)
    {
        await using var db = await dbFactory.CreateDbContextAsync(CancellationToken.None);
        // One SaveChanges is one transaction. Records and events keep the order they came in.
        foreach (var p in group)
        {
            // Entities of a failed group go into the next try as new.
            p.Event.Id = 0;
            db.DepartmentEvents.Add(p.Record);
            db.Outbox.Add(p.Event);
        }
        await db.SaveChangesAsync(CancellationToken.None);
    }
}
