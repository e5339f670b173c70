using Gateway.Host.FaultSuite;
using Xunit;
using Xunit.Abstractions;

namespace Gateway.Tests.Integration;

/// <summary>
/// The fault suite, smaller than the command's default run: on a private PostgreSQL + RabbitMQ, the host killed with SIGKILL twice,
/// RabbitMQ and PostgreSQL each restarted, the REST department down for a while, cases of all four protocols running throughout.
/// Nothing may be lost or duplicated, and the feed may have no gap.
/// </summary>
public class FaultSuiteOnPrivateServers(ITestOutputHelper output)
{
    [Fact]
    public async Task Should_lose_and_duplicate_nothing_through_kills_broker_and_database_restarts_and_a_department_outage()
    {
        var result = await new FaultSuiteRunner(new FaultSuiteOptions
        {
            Cases = 240, Kills = 2, Rate = 12, DepartmentDown = TimeSpan.FromSeconds(15), Timeout = TimeSpan.FromMinutes(5),
            PostgresPort = 27432, RabbitPort = 27672, LogFolder = Path.Combine(Path.GetTempPath(), "gateway-fault-tests"),
        }, output.WriteLine).RunAsync(null, CancellationToken.None);
        FaultSuiteCommand.Print(result, output.WriteLine);

        Assert.Equal(2, result.Events.Count(e => e.Contains("killed with SIGKILL")));
        Assert.Contains(result.Events, e => e.Contains("RabbitMQ back"));
        Assert.Contains(result.Events, e => e.Contains("PostgreSQL back"));
        Assert.Contains(result.Events, e => e.Contains("SCJG (REST) down"));
        AssertNothingLost(result, 240);
    }

    /// <summary>Every case accepted, ended once with one licence, a gap-free feed, nothing left for an operator.</summary>
    internal static void AssertNothingLost(FaultSuiteResult result, int cases)
    {
        Assert.Equal(cases, result.Submitted);
        Assert.Equal(0, result.UnexpectedExits);
        Assert.Empty(result.NotEnded);
        Assert.Equal(0, result.Lost);
        Assert.Equal(0, result.CasesWithTwoLicences);
        Assert.Equal(cases, result.Licences);
        Assert.Equal(0, result.FeedGaps);
        Assert.Equal(0, result.FeedRepeatedEntryIds);
        Assert.Equal(0, result.ApplicationsWithoutCase);
        Assert.Equal(0, result.FailedMessagesOpen);   // nothing was left for an operator: every fault was ridden out
        Assert.True(result.Passed);
    }
}

/// <summary>
/// The fault suite on the embedded default, as the README's run command starts the gateway: a SQLite file, the in-memory bus, the
/// departments' simulators and clerk bots inside the host, and the host killed with SIGKILL three times while cases run. What the
/// in-memory bus held at each kill is recovered from the database; the simulators finish their cases from their journals.
/// </summary>
public class FaultSuiteOnTheEmbeddedDefault(ITestOutputHelper output)
{
    [Fact]
    public async Task Should_lose_and_duplicate_nothing_when_the_embedded_host_is_killed_mid_run()
    {
        var result = await new FaultSuiteRunner(new FaultSuiteOptions
        {
            Embedded = true, Cases = 200, Kills = 3, Rate = 12, Timeout = TimeSpan.FromMinutes(5),
            LogFolder = Path.Combine(Path.GetTempPath(), "gateway-fault-tests"),
        }, output.WriteLine).RunAsync(null, CancellationToken.None);
        FaultSuiteCommand.Print(result, output.WriteLine);

        Assert.Equal(3, result.Events.Count(e => e.Contains("killed with SIGKILL")));
        Assert.DoesNotContain(result.Events, e => e.Contains("RabbitMQ") || e.Contains("PostgreSQL"));
        FaultSuiteOnPrivateServers.AssertNothingLost(result, 200);
    }
}
