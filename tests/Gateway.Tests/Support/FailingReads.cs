using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Gateway.Tests.Support;

/// <summary>
/// Fails the next <see cref="FailuresLeft"/> reads whose SQL <paramref name="matches"/> (as a lost connection would), with
/// <paramref name="message"/>; only the synchronous ones when <paramref name="synchronousOnly"/>.
/// </summary>
public sealed class FailingReads(Func<string, bool> matches, string message, bool synchronousOnly = false) : DbCommandInterceptor
{
    int _left, _failed;
    public int FailuresLeft { get => Volatile.Read(ref _left); set => Volatile.Write(ref _left, value); }
    public int Failed => Volatile.Read(ref _failed);

    public override InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result)
    {
        FailIfMatching(command);
        return result;
    }

    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData,
        InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        if (!synchronousOnly) FailIfMatching(command);
        return ValueTask.FromResult(result);
    }

    void FailIfMatching(DbCommand command)
    {
        if (matches(command.CommandText) && Interlocked.Decrement(ref _left) >= 0)
        {
            Interlocked.Increment(ref _failed);
            throw new InvalidOperationException(message);
        }
    }
}
