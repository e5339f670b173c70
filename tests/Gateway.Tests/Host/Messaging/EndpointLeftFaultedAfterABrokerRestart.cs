using System.Net;
using System.Net.Sockets;
using Gateway.Host.Messaging;
using MassTransit;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Xunit;

namespace Gateway.Tests.Host.Messaging;

/// <summary>
/// A broker restart can leave a receive endpoint faulted for good: publishes go through, nothing is consumed, nothing is logged. The
/// bus watchdog restarts the host once the bus, healthy before, has been unhealthy for the limit while the broker accepts connections;
/// never while the broker is down (restarting would not help), while the bus is healthy, or when it never was (wrong credentials: a
/// restart would not mend it, and restarting every minute would take the intake down).
/// </summary>
public class EndpointLeftFaultedAfterABrokerRestart
{
    static readonly DateTime T0 = new(2026, 12, 1, 8, 0, 0, DateTimeKind.Utc);
    static readonly TimeSpan Limit = TimeSpan.FromSeconds(60);

    [Fact]
    public void Should_ask_for_a_restart_once_the_bus_was_unhealthy_with_the_broker_reachable_for_the_limit()
    {
        var watch = new FaultedEndpointsWatch(Limit);
        Assert.Null(watch.Note(true, true, T0.AddSeconds(-1)));
        Assert.Null(watch.Note(false, true, T0));
        Assert.Null(watch.Note(false, true, T0.AddSeconds(59)));
        Assert.Equal(Limit, watch.Note(false, true, T0.AddSeconds(60)));
    }

    [Fact]
    public void Should_count_only_from_when_the_broker_is_reachable_again()
    {
        var watch = new FaultedEndpointsWatch(Limit);
        Assert.Null(watch.Note(true, true, T0.AddSeconds(-1)));
        Assert.Null(watch.Note(false, false, T0));                // broker down: an unhealthy bus is expected
        Assert.Null(watch.Note(false, false, T0.AddSeconds(90)));
        Assert.Null(watch.Note(false, true, T0.AddSeconds(100))); // back: the count starts here
        Assert.Null(watch.Note(false, true, T0.AddSeconds(159)));
        Assert.Equal(Limit, watch.Note(false, true, T0.AddSeconds(160)));
    }

    [Fact]
    public void Should_never_ask_for_a_bus_that_was_never_healthy()
    {
        var watch = new FaultedEndpointsWatch(Limit);
        Assert.Null(watch.Note(false, true, T0));
        Assert.Null(watch.Note(false, true, T0.AddHours(1)));   // a login refused since the start: a restart would not mend it
        Assert.Null(watch.Note(true, true, T0.AddHours(1).AddSeconds(1)));
        Assert.Null(watch.Note(false, true, T0.AddHours(2)));
        Assert.NotNull(watch.Note(false, true, T0.AddHours(2).AddSeconds(60)));
    }

    [Fact]
    public void Should_start_again_after_a_healthy_look_and_never_ask_when_turned_off()
    {
        var watch = new FaultedEndpointsWatch(Limit);
        watch.Note(true, true, T0.AddSeconds(-1));
        watch.Note(false, true, T0);
        Assert.Null(watch.Note(true, true, T0.AddSeconds(50)));
        Assert.Null(watch.Note(false, true, T0.AddSeconds(70)));
        Assert.Null(watch.Note(false, true, T0.AddSeconds(129)));
        Assert.NotNull(watch.Note(false, true, T0.AddSeconds(130)));

        var off = new FaultedEndpointsWatch(TimeSpan.Zero);
        off.Note(true, true, T0.AddSeconds(-1));
        Assert.Null(off.Note(false, true, T0));
        Assert.Null(off.Note(false, true, T0.AddHours(5)));
    }

    sealed class RecordingRestarter() : HostRestarter(NullLogger<HostRestarter>.Instance)
    {
        public TaskCompletionSource<string> Asked { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public override void Restart(string reason) => Asked.TrySetResult(reason);
    }

    static BusWatchdog Watchdog(Func<BusHealthResult> health, int brokerPort, RecordingRestarter restarter, double seconds = 1) =>
        new(health, Options.Create(new BusOptions
        {
            Transport = BusOptions.RabbitMqTransport, RestartAfterFaultedSeconds = seconds,
            RabbitMq = new RabbitMqOptions { Host = "127.0.0.1", Port = (ushort)brokerPort },
        }), restarter, NullLogger<BusWatchdog>.Instance) { Interval = TimeSpan.FromMilliseconds(100) };

    static readonly BusHealthResult Healthy = BusHealthResult.Healthy("Ready", new Dictionary<string, EndpointHealthResult>());

    /// <summary>Healthy for the first three looks, then faulted (as after a broker restart).</summary>
    static Func<BusHealthResult> FaultedAfterAWhile()
    {
        var looks = 0;
        return () => Interlocked.Increment(ref looks) <= 3 ? Healthy : Faulted;
    }

    static readonly BusHealthResult Faulted = BusHealthResult.Degraded("Degraded Endpoints: department-dispatch", new InvalidOperationException("faulted (The operation was canceled.)"),
        new Dictionary<string, EndpointHealthResult>());

    [Fact]
    public async Task Should_restart_the_host_when_an_endpoint_stays_faulted_while_the_broker_listens()
    {
        using var broker = new TcpListener(IPAddress.Loopback, 0);
        broker.Start();
        var restarter = new RecordingRestarter();
        var watchdog = Watchdog(FaultedAfterAWhile(), ((IPEndPoint)broker.LocalEndpoint).Port, restarter);
        await watchdog.StartAsync(CancellationToken.None);
        try
        {
            var reason = await restarter.Asked.Task.WaitAsync(TimeSpan.FromSeconds(20));
            Assert.Contains("Degraded Endpoints: department-dispatch", reason);
            Assert.Contains("accepts connections", reason);
        }
        finally
        {
            await watchdog.StopAsync(CancellationToken.None);
        }
    }

    [Fact]
    public async Task Should_not_restart_while_the_broker_is_down_or_the_bus_is_healthy_or_never_was()
    {
        int closedPort;
        using (var probe = new TcpListener(IPAddress.Loopback, 0))
        {
            probe.Start();
            closedPort = ((IPEndPoint)probe.LocalEndpoint).Port;
        }
        using var broker = new TcpListener(IPAddress.Loopback, 0);
        broker.Start();
        var brokerDown = new RecordingRestarter();
        var healthy = new RecordingRestarter();
        var neverHealthy = new RecordingRestarter();
        var watchdogs = new[]
        {
            Watchdog(FaultedAfterAWhile(), closedPort, brokerDown),
            Watchdog(() => Healthy, ((IPEndPoint)broker.LocalEndpoint).Port, healthy),
            Watchdog(() => Faulted, ((IPEndPoint)broker.LocalEndpoint).Port, neverHealthy),
        };
        foreach (var w in watchdogs) await w.StartAsync(CancellationToken.None);
        await Task.Delay(TimeSpan.FromSeconds(3));   // three times the limit
        foreach (var w in watchdogs) await w.StopAsync(CancellationToken.None);
        Assert.False(brokerDown.Asked.Task.IsCompleted);
        Assert.False(healthy.Asked.Task.IsCompleted);
        Assert.False(neverHealthy.Asked.Task.IsCompleted);
    }
}
