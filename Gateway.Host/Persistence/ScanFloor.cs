namespace Gateway.Host.Persistence;

/// <summary>
/// Where a round of a background worker that takes rows from a partial index of unprocessed rows (the outbox relay: unsent messages;
/// the feed sequencer: unnumbered entries) starts reading: past the highest id it processed at least <paramref name="lag"/> ago, and
/// from the start (0) every <paramref name="fullScanEvery"/>. Processed rows linger in such an index until they are vacuumed, and a
/// round that steps over all of them gets slower the longer the gateway is busy. Ids are handed out in order when rows are
/// inserted, so an unprocessed row below the floor belongs to a transaction that took longer than the lag to commit, or waits for a
/// retry; the next full look finds it.
/// </summary>
public sealed class ScanFloor(TimeSpan lag, TimeSpan fullScanEvery)
{
    readonly Queue<(DateTime At, long Id)> _done = new();
    long _floor;
    DateTime _lastFullScan = DateTime.MinValue;

    /// <summary>The id a round starting now reads past.</summary>
    public long StartAt(DateTime now)
    {
        while (_done.TryPeek(out var d) && now - d.At >= lag)
        {
            _floor = Math.Max(_floor, d.Id);
            _done.Dequeue();
        }
        if (now - _lastFullScan < fullScanEvery) return _floor;
        _lastFullScan = now;
        return 0;
    }

    /// <summary>Notes the highest id a round processed.</summary>
    public void Processed(long highestId, DateTime now) => _done.Enqueue((now, highestId));
}
