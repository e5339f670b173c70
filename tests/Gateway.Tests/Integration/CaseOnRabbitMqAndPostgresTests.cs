using System.Diagnostics;
using System.Net.Http.Json;
using Gateway.Contracts.Status;
using Gateway.Host.Licences;
using Gateway.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Xunit;
using Xunit.Abstractions;

namespace Gateway.Tests.Integration;

/// <summary>Production mode: RabbitMQ (quorum queues) and PostgreSQL, started by scripts/test-servers.sh.</summary>
public class CaseOnRabbitMqAndPostgres(ITestOutputHelper output) : IAsyncLifetime
{
    TestGateway _gateway = null!;

    public async Task InitializeAsync() => _gateway = await TestGateway.StartOnServersAsync();
    public async Task DisposeAsync() => await _gateway.DisposeAsync();

    [Fact]
    public async Task Should_take_a_case_from_submission_to_a_stored_licence()
    {
        await using (var db = _gateway.Db())
            Assert.True(db.Database.IsNpgsql());

        var timings = new List<double>();
        foreach (var round in new[] { "first (cold)", "second (warm)" })
        {
            var watch = Stopwatch.StartNew();
            var caseNo = await _gateway.SubmitAsync(Applications.Valid());
            var view = await _gateway.WaitForStatusAsync(caseNo, CaseStatuses.Completed);
            watch.Stop();
            timings.Add(watch.Elapsed.TotalMilliseconds);
            output.WriteLine($"{round} case {caseNo}: submission to licence in {watch.Elapsed.TotalMilliseconds:0} ms on RabbitMQ + PostgreSQL");

            Assert.Equal(7, view.Timeline.Count);
            var licence = await _gateway.Http.GetFromJsonAsync<LicenceView>($"/api/licences/{view.LicenceNo}", TestGateway.Json);
            Assert.Equal(caseNo, licence!.CaseNo);
        }

        await using var check = _gateway.Db();
        Assert.Equal(0, await check.Outbox.CountAsync(m => m.SentAt == null));
        Assert.Equal(2, await check.Licences.CountAsync());
    }

    [Fact]
    public async Task Should_declare_its_queues_as_quorum_queues_that_expire_once_left_unused()
    {
        var prefix = _gateway.App.Configuration["Bus:EndpointPrefix"];
        var factory = new RabbitMQ.Client.ConnectionFactory
        {
            HostName = TestServers.RabbitHost, Port = TestServers.RabbitPort, VirtualHost = TestServers.RabbitVirtualHost, UserName = "guest", Password = "guest",
        };
        await using var connection = await factory.CreateConnectionAsync();
        foreach (var queue in new[] { "case-state", "bundle-state", "department-dispatch" })
        {
            // Declaring an existing queue with other arguments is refused, so this passes only for the arguments the gateway declared.
            await using (var same = await connection.CreateChannelAsync())
                await same.QueueDeclareAsync(prefix + queue, durable: true, exclusive: false, autoDelete: false,
                    arguments: new Dictionary<string, object?> { ["x-queue-type"] = "quorum", ["x-expires"] = 300_000 });
            await using var other = await connection.CreateChannelAsync();
            var refused = await Assert.ThrowsAsync<RabbitMQ.Client.Exceptions.OperationInterruptedException>(() =>
                other.QueueDeclareAsync(prefix + queue, durable: true, exclusive: false, autoDelete: false,
                    arguments: new Dictionary<string, object?> { ["x-queue-type"] = "classic", ["x-expires"] = 300_000 }));
            Assert.Contains("x-queue-type", refused.Message);
        }
    }

    [Fact]
    public async Task Should_make_one_case_of_concurrent_submissions_with_one_key()
    {
        var key = Applications.NewKey();
        var caseNos = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => _gateway.SubmitAsync(Applications.Valid(key))));
        Assert.Single(caseNos.Distinct());
        await _gateway.WaitForStatusAsync(caseNos[0], CaseStatuses.Completed);
        await using var db = _gateway.Db();
        Assert.Equal(1, await db.Applications.CountAsync());
        Assert.Equal(1, await db.Cases.CountAsync());
        Assert.Single(_gateway.Scjg.Cases);
    }

    [Fact]
    public async Task Should_complete_every_case_after_the_department_returned_503_for_a_while()
    {
        _gateway.Scjg.Outage = new Gateway.Simulators.Common.SimulatedOutage(DateTime.UtcNow.AddSeconds(5), 503);
        var caseNos = new List<string>();
        for (var i = 0; i < 10; i++) caseNos.Add(await _gateway.SubmitAsync(Applications.Valid()));
        foreach (var caseNo in caseNos) await _gateway.WaitForStatusAsync(caseNo, CaseStatuses.Completed, TimeSpan.FromSeconds(60));
        Assert.True(_gateway.Scjg.DispatchCalls > caseNos.Count);
        Assert.Equal(caseNos.Count, _gateway.Scjg.Cases.Count);
    }
}
