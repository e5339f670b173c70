using System.ComponentModel.DataAnnotations;

namespace Gateway.Host.Messaging.CaseEvents;

/// <summary>Configuration section <c>CaseEvents</c>: how the case event worker applies case events, many cases per transaction.</summary>
public sealed class CaseEventOptions
{
    public const string Section = "CaseEvents";

    /// <summary>Case events applied in one transaction at most.</summary>
    [Range(1, 5_000)]
    public int BatchSize { get; set; } = 200;

    /// <summary>How often the worker looks for case events when nothing wakes it, in milliseconds.</summary>
    [Range(10, 600_000)]
    public int PollMilliseconds { get; set; } = 1000;

    /// <summary>
    /// Tries of one case event before it is kept in <c>failed_messages</c> for an operator (a retry from the console sends it to the case
    /// saga's queue). Between tries the event waits twice as long each time, from <see cref="RetryDelayMilliseconds"/> up to 5 s.
    /// </summary>
    [Range(1, 1000)]
    public int MaxAttempts { get; set; } = 10;

    /// <summary>Wait before the second try of a case event that failed, in milliseconds.</summary>
    [Range(1, 60_000)]
    public int RetryDelayMilliseconds { get; set; } = 20;

    /// <summary>Between full looks at the queue a round reads only past the events applied more than this many seconds ago.</summary>
    [Range(0, 3600)]
    public double ScanFloorLagSeconds { get; set; } = 2;

    /// <summary>Every this many seconds a round reads the queue from the start (an event committed late, or waiting for a retry).</summary>
    [Range(0.1, 3600)]
    public double FullScanSeconds { get; set; } = 5;
}
