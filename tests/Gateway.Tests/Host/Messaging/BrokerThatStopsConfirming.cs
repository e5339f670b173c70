using Gateway.Host.Messaging.Outbox;
using Xunit;

namespace Gateway.Tests.Host.Messaging;

/// <summary>
/// The outbox relay's watch on broker confirmations: only a connected bus confirming nothing, round after round, for the whole limit
/// asks for a restart; a broker that is down, a partial confirmation or another error never does.
/// </summary>
public class BrokerThatStopsConfirming
{
    static readonly DateTime T0 = new(2026, 11, 23, 8, 0, 0, DateTimeKind.Utc);
    static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);
    static readonly TimeSpan Limit = TimeSpan.FromSeconds(30);

    [Fact]
    public void Should_ask_for_a_restart_once_nothing_was_confirmed_for_the_limit_on_a_connected_bus()
    {
        var watch = new UnconfirmedWatch(Timeout, Limit);
        Assert.Null(watch.Note(100, 0, 100, busHealthy: true, T0 + Timeout));                         // 10 s silent
        Assert.Null(watch.Note(40, 0, 40, busHealthy: true, T0 + 2 * Timeout));                       // 20 s
        Assert.Null(watch.Note(40, 0, 40, busHealthy: true, T0 + 3 * Timeout - TimeSpan.FromSeconds(1)));
        Assert.Equal(TimeSpan.FromSeconds(30), watch.Note(40, 0, 40, busHealthy: true, T0 + 3 * Timeout));
    }

    [Fact]
    public void Should_start_counting_again_after_any_confirmation()
    {
        var watch = new UnconfirmedWatch(Timeout, Limit);
        watch.Note(10, 0, 10, true, T0 + Timeout);
        watch.Note(10, 0, 10, true, T0 + 2 * Timeout);
        Assert.Null(watch.Note(10, 1, 9, true, T0 + 2 * Timeout + TimeSpan.FromSeconds(1)));          // one confirmed
        Assert.Null(watch.Note(10, 0, 10, true, T0 + 4 * Timeout));                                   // 10 s silent again
        Assert.Null(watch.Note(10, 0, 10, true, T0 + 5 * Timeout));                                   // 20 s
    }

    [Fact]
    public void Should_never_ask_while_the_bus_is_disconnected_or_publishes_fail_otherwise()
    {
        var watch = new UnconfirmedWatch(Timeout, Limit);
        for (var round = 1; round <= 20; round++)
            Assert.Null(watch.Note(10, 0, 10, busHealthy: false, T0 + round * Timeout));              // broker down: waited for
        for (var round = 21; round <= 40; round++)
            Assert.Null(watch.Note(10, 0, 6, busHealthy: true, T0 + round * Timeout));                // refused, not silent
        Assert.Null(watch.Note(0, 0, 0, true, T0 + 50 * Timeout));                                    // nothing to send
    }

    [Fact]
    public void Should_never_ask_when_the_limit_is_zero()
    {
        var watch = new UnconfirmedWatch(Timeout, TimeSpan.Zero);
        for (var round = 1; round <= 100; round++) Assert.Null(watch.Note(10, 0, 10, true, T0 + round * Timeout));
    }
}
