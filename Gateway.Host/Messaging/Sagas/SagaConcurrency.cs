using System.Diagnostics.Metrics;

namespace Gateway.Host.Messaging.Sagas;

/// <summary>Counts optimistic concurrency conflicts on saga rows (meter <c>Gateway.Sagas</c>, counter <c>saga.concurrency_conflicts</c>).</summary>
public static class SagaConcurrency
{
    static readonly Meter Meter = new("Gateway.Sagas");
    static readonly Counter<long> Conflicts = Meter.CreateCounter<long>("saga.concurrency_conflicts", description: "saga updates rolled back and retried");
    static long _total;

    /// <summary>Conflicts seen by this process since it started.</summary>
    public static long Total => Interlocked.Read(ref _total);

    /// <summary>Whether <paramref name="ex"/> (or one of its inner exceptions) is a failed optimistic version check.</summary>
    public static bool IsConflict(Exception? ex)
    {
        for (; ex is not null; ex = ex.InnerException)
            if (ex is Microsoft.EntityFrameworkCore.DbUpdateConcurrencyException) return true;
        return false;
    }

    public static void RecordConflict(string saga)
    {
        Interlocked.Increment(ref _total);
        Conflicts.Add(1, new KeyValuePair<string, object?>("saga", saga));
    }
}
