using Gateway.Host.Messaging.Outbox;
using Xunit;

namespace Gateway.Tests.Host.Messaging;

/// <summary>
/// The outbox relay's watch on broker confirmations: only every publish timing out, round after round, for the whole limit asks for a
/// restart; a partial confirmation, another error or nothing to send never does.
/// </summary>
public class BrokerThatStopsConfirming
{
    static readonly DateTime T0 = new(2026, 11, 23, 8, 0, 0, DateTimeKind.Utc);
    static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);
    static readonly TimeSpan Limit = TimeSpan.FromSeconds(30);

    [Fact]
    public void Should_ask_for_a_restart_once_nothing_was_confirmed_for_the_limit()
    {
        var watch = new UnconfirmedWatch(Timeout, Limit);
        Assert.Null(watch.Note(100, 0, 100, T0 + Timeout));                         // 10 s silent
        Assert.Null(watch.Note(40, 0, 40, T0 + 2 * Timeout));                       // 20 s
        Assert.Null(watch.Note(40, 0, 40, T0 + 3 * Timeout - TimeSpan.FromSeconds(1)));
        Assert.Equal(TimeSpan.FromSeconds(30), watch.Note(40, 0, 40, T0 + 3 * Timeout));
    }

    [Fact]
    public void Should_start_counting_again_after_any_confirmation()
    {
        var watch = new UnconfirmedWatch(Timeout, Limit);
        watch.Note(10, 0, 10, T0 + Timeout);
        watch.Note(10, 0, 10, T0 + 2 * Timeout);
        Assert.Null(watch.Note(10, 1, 9, T0 + 2 * Timeout + TimeSpan.FromSeconds(1)));          // one confirmed
        Assert.Null(watch.Note(10, 0, 10, T0 + 4 * Timeout));                                   // 10 s silent again
        Assert.Null(watch.Note(10, 0, 10, T0 + 5 * Timeout));                                   // 20 s
    }

    [Fact]
    public void Should_never_ask_while_publishes_fail_otherwise_or_nothing_is_sent()
    {
        var watch = new UnconfirmedWatch(Timeout, Limit);
        for (var round = 1; round <= 20; round++)
            Assert.Null(watch.Note(10, 0, 6, T0 + round * Timeout));                                  // refused, not silent
        Assert.Null(watch.Note(0, 0, 0, T0 + 50 * Timeout));                                          // nothing to send
    }

    [Fact]
    public void Should_never_ask_when_the_limit_is_zero()
    {
        var watch = new UnconfirmedWatch(Timeout, TimeSpan.Zero);
        for (var round = 1; round <= 100; round++) Assert.Null(watch.Note(10, 0, 10, T0 + round * Timeout));
    }
}
