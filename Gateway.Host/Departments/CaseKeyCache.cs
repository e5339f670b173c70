using Microsoft.Extensions.Caching.Memory;

namespace Gateway.Host.Departments;

/// <summary>
/// The keys of recent cases by case number, so that the four or so reports a department makes on a case do not each read the case
/// from the database: the intake that took the case in puts it here, a report that misses reads it once and puts it here. The keys
/// never change after intake, so an entry is never stale; the cache is bounded (<see cref="Capacity"/> cases, each kept an hour
/// after its last use), and a case not in it is simply read.
/// </summary>
public sealed class CaseKeyCache : IDisposable
{
    public const int Capacity = 20_000;
    static readonly TimeSpan KeepUnused = TimeSpan.FromHours(1);
    readonly MemoryCache _cache = new(new MemoryCacheOptions { SizeLimit = Capacity, CompactionPercentage = 0.25 });

    public void Remember(CaseKeys keys) =>
        _cache.Set(keys.CaseNo, keys, new MemoryCacheEntryOptions { Size = 1, SlidingExpiration = KeepUnused });

    public CaseKeys? Find(string caseNo) => _cache.TryGetValue(caseNo, out CaseKeys? keys) ? keys : null;

    public void Forget(string caseNo) => _cache.Remove(caseNo);

    /// <summary>Cases held now.</summary>
    public int Count => _cache.Count;

    public void Dispose() => _cache.Dispose();
}
