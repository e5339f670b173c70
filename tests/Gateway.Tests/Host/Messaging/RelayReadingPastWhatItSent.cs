using Gateway.Host.Persistence;
using Xunit;

namespace Gateway.Tests.Host.Messaging;

/// <summary>
/// The relay's rounds read past the messages it sent a while ago (their index entries linger until vacuumed), and look at the whole
/// outbox now and then, so a late commit below that point is still found.
/// </summary>
public sealed class RelayReadingPastWhatItSent
{
    static readonly DateTime T0 = new(2026, 11, 23, 8, 0, 0, DateTimeKind.Utc);
    readonly ScanFloor _floor = new(TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(5));

    [Fact]
    public void Should_read_from_the_start_on_the_first_round()
    {
        Assert.Equal(0, _floor.StartAt(T0));
    }

    [Fact]
    public void Should_move_past_a_sent_message_only_after_the_lag()
    {
        _floor.StartAt(T0);
        _floor.Processed(120, T0.AddSeconds(0.1));

        Assert.Equal(0, _floor.StartAt(T0.AddSeconds(1)));    // sent 0.9 s ago: a transaction below it may still commit
        Assert.Equal(120, _floor.StartAt(T0.AddSeconds(2.2)));
    }

    [Fact]
    public void Should_never_move_back_when_a_later_round_sent_lower_ids()
    {
        _floor.StartAt(T0);
        _floor.Processed(300, T0.AddSeconds(0.1));
        _floor.Processed(250, T0.AddSeconds(0.2)); // a late commit picked up by a full look

        Assert.Equal(300, _floor.StartAt(T0.AddSeconds(3)));
    }

    [Fact]
    public void Should_look_at_the_whole_outbox_again_every_full_scan_interval()
    {
        _floor.StartAt(T0);
        _floor.Processed(500, T0.AddSeconds(0.1));

        Assert.Equal(500, _floor.StartAt(T0.AddSeconds(3)));
        Assert.Equal(500, _floor.StartAt(T0.AddSeconds(4.9)));
        Assert.Equal(0, _floor.StartAt(T0.AddSeconds(5)));
        Assert.Equal(500, _floor.StartAt(T0.AddSeconds(5.1)));
        Assert.Equal(0, _floor.StartAt(T0.AddSeconds(10.2)));
    }
}
