using Gateway.Host.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Gateway.Host.Departments.Soap;

/// <summary>
/// Remembers the nonces of the SOAP reports' security tokens, so a token sent again (a replay) is refused. The nonces of reports that
/// arrive while one transaction commits are written together in the next (<see cref="GroupCommit{T}"/>), not one transaction each; a
/// nonce seen before fails alone on its key, its neighbours are kept. A nonce is kept for twice the tokens' window: once that long has
/// passed since the last sweep (and at the first group of a process), the group's writer also drops the older ones.
/// </summary>
public sealed class UsedNonceStore
{
    readonly IDbContextFactory<GatewayDbContext> _dbFactory;
    readonly GroupCommit<UsedNonce> _group;
    readonly TimeSpan _kept;
    DateTime _nextSweep = DateTime.MinValue;

    public UsedNonceStore(IDbContextFactory<GatewayDbContext> dbFactory, ILogger<UsedNonceStore> logger)
    {
        _dbFactory = dbFactory;
        _kept = SoapReportEndpoints.TokenWindow * 2;
        _group = new(dbFactory, async (db, group) =>
        {
            var now = DateTime.UtcNow;
            var sweep = now >= _nextSweep;
            // The sweep needs no transaction with the nonces: one that does not commit is done again by the next group.
            if (sweep) await db.UsedNonces.Where(n => n.SeenAt < now - _kept).ExecuteDeleteAsync(CancellationToken.None);
            db.UsedNonces.AddRange(group.Select(item => item.Value));
            // One statement for a group of one (no BEGIN and COMMIT of its own), one transaction for more.
            await db.SaveChangesAsync(CancellationToken.None);
            if (sweep) _nextSweep = now + _kept;
        }, logger);
    }

    /// <summary>
    /// Stores the nonce; false when it was stored before (a replay). Throws when the store cannot be written (that says nothing about the
    /// token). Not cancellable once handed over: a nonce is stored whether its caller waits or not.
    /// </summary>
    public async Task<bool> RememberAsync(string username, string nonce, CancellationToken ct)
    {
        try
        {
            await _group.WriteAsync(new UsedNonce { Username = username, Nonce = nonce, SeenAt = DateTime.UtcNow });
            return true;
        }
        catch (DbUpdateException)
        {
            // A replay only when the nonce is really there; any other failure of the store is the store's, reported as such.
            await using var check = await _dbFactory.CreateDbContextAsync(ct);
            if (await check.UsedNonces.AnyAsync(n => n.Username == username && n.Nonce == nonce, ct)) return false;
            throw;
        }
    }
}
