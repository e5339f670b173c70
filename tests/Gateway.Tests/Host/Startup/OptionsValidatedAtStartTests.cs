using Gateway.Tests.Support;
using Microsoft.Extensions.Options;
using Xunit;

namespace Gateway.Tests.Host.Startup;

/// <summary>Configuration values out of their range stop the start, each named by its key, instead of misbehaving later.</summary>
public class OptionsOutOfRangeAtStart
{
    [Fact]
    public async Task Should_refuse_to_start_naming_every_bad_key()
    {
        var ex = await Assert.ThrowsAnyAsync<Exception>(() => TestGateway.StartEmbeddedAsync(new Dictionary<string, string?>
        {
            ["Outbox:BatchSize"] = "0",
            ["Bus:ConcurrentMessageLimit"] = "-3",
            ["Feed:PushUrl"] = "not a url",
            ["Deadlines:PollMilliseconds"] = "1",
            ["FileDrop:PollMilliseconds"] = "soon",
            ["Simulators:ClerkBots:0:DepartmentCode"] = "YB",
            ["Simulators:ClerkBots:0:Clerks"] = "0",
        }));

        var failures = Flatten(ex).OfType<OptionsValidationException>().SelectMany(o => o.Failures).ToList();
        Assert.True(failures.Count > 0, ex.ToString());
        Assert.Contains(failures, f => f.StartsWith("Outbox:BatchSize:", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Bus:ConcurrentMessageLimit:", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Feed:PushUrl:", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Deadlines:PollMilliseconds:", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.Contains("'soon' at 'FileDrop:PollMilliseconds'", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Simulators:ClerkBots:0:Clerks: must be between 1 and 64", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Should_refuse_a_bus_setting_it_cannot_read_before_building_the_bus()
    {
        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => TestGateway.StartEmbeddedAsync(new Dictionary<string, string?>
        {
            ["Bus:ConcurrentMessageLimit"] = "many",
        }));

        Assert.StartsWith("The gateway does not start: ", ex.Message);
        Assert.Contains("'many' at 'Bus:ConcurrentMessageLimit'", ex.Message);
    }

    [Fact]
    public async Task Should_start_with_the_shipped_configuration_and_an_empty_push_url()
    {
        await using var gateway = await TestGateway.StartEmbeddedAsync(new Dictionary<string, string?> { ["Feed:PushUrl"] = "" });
        Assert.NotNull(gateway.Url);
    }

    static IEnumerable<Exception> Flatten(Exception ex)
    {
        yield return ex;
        if (ex is AggregateException a)
            foreach (var inner in a.InnerExceptions.SelectMany(Flatten)) yield return inner;
        else if (ex.InnerException is { } i)
            foreach (var inner in Flatten(i)) yield return inner;
    }
}
