using System.Net.Http.Json;
using System.Text.Json;
using Gateway.Contracts.Status;
using Gateway.Host.Intake;
using Gateway.Host.Persistence;
using Gateway.Simulators.Common;
using Gateway.Tests.Support;
using Gateway.Host.Operations;
using Microsoft.AspNetCore.Builder;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Xunit;
using Xunit.Abstractions;

namespace Gateway.Tests.Integration;

/// <summary>
/// The gateway process is killed with SIGKILL twice while cases are in flight on RabbitMQ + PostgreSQL, and restarted. Saga rows and
/// the messages they send commit together (outbox), so afterwards every case completes once: one licence, one case at the department.
/// </summary>
public class GatewayKilledWhileCasesAreInFlight(ITestOutputHelper output) : IAsyncLifetime
{
    const string ApiKey = "kill-test-key";
    const string Secret = "kill-test-secret";
    const int Cases = 40;
    static readonly int[] KillAfter = [12, 27];

    string _connectionString = null!;
    GatewayProcess _host = null!;
    WebApplication _simulator = null!;
    DepartmentState _department = null!;

    public async Task InitializeAsync()
    {
        await TestServers.RequireRabbitMqAsync();
        _connectionString = await TestServers.CreatePostgresDatabaseAsync();
        var placeholder = new DepartmentSimulatorOptions { Profile = TestProfiles.For("SCJG"), Url = "http://127.0.0.1:0", ApiKey = ApiKey, CallbackSecret = Secret };
        var (simulator, _, simulatorEndpoint) = await Gateway.Simulators.DepartmentSimulator.StartAsync(placeholder, l => l.ClearProviders());
        _simulator = simulator;
        _department = simulator.Services.GetRequiredService<DepartmentState>();
        _department.Behaviour = new SimulatorBehaviour { StepDelayMs = 20 };

        var settings = new Dictionary<string, string?>(TestServers.RabbitMqSettings($"k{Guid.NewGuid():N}"[..9] + "-"))
        {
            ["Database:Provider"] = "Postgres",
            ["ConnectionStrings:Gateway"] = _connectionString,
            ["Simulators:Embedded"] = "false",
            ["Departments:SCJG:Endpoint"] = simulatorEndpoint,
            ["Departments:SCJG:OutboundApiKey"] = ApiKey,
            ["Departments:SCJG:CallbackSecret"] = Secret,
            ["Dispatch:RetryMinSeconds"] = "0.2",
            ["Dispatch:RetryMaxSeconds"] = "1",
            ["Outbox:PollMilliseconds"] = "200",
            ["Logging:LogLevel:Default"] = "Warning",
        };
        _host = new GatewayProcess(settings);
        placeholder.GatewayUrl = _host.Url;
        await _host.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        await _simulator.StopAsync();
        await _simulator.DisposeAsync();
    }

    [Fact]
    public async Task Should_complete_every_case_exactly_once_after_the_host_is_killed_twice()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        http.DefaultRequestHeaders.Authorization = new("Bearer", global::Gateway.Host.Demo.DemoTokens.Platform(global::Gateway.Host.Configuration.DemoConfiguration.Build()));
        var keys = Enumerable.Range(0, Cases).Select(_ => Applications.NewKey()).ToList();
        var caseNos = new List<string>();
        for (var i = 0; i < Cases; i++)
        {
            caseNos.Add(await SubmitSurvivingCrashesAsync(http, keys[i]));
            if (KillAfter.Contains(i))
            {
                _host.Kill();
                output.WriteLine($"killed the gateway (SIGKILL) after submission {i + 1}; department has {_department.Cases.Count} cases");
                await _host.StartAsync();
            }
        }

        var deadline = DateTime.UtcNow.AddSeconds(120);
        var statuses = new Dictionary<string, string>();
        while (DateTime.UtcNow < deadline)
        {
            foreach (var caseNo in caseNos)
                statuses[caseNo] = (await http.GetFromJsonAsync<CaseView>($"{_host.Url}/api/applications/{caseNo}", TestGateway.Json))!.Status;
            if (statuses.Values.All(s => s == CaseStatuses.Completed)) break;
            await Task.Delay(500);
        }

        var summary = string.Join(", ", statuses.GroupBy(s => s.Value).Select(g => $"{g.Key}: {g.Count()}"));
        output.WriteLine($"{Cases} cases, {_host.Starts} host starts: {summary}; department received {_department.DispatchCalls} dispatch calls " +
                         $"for {_department.Cases.Count} cases");
        Assert.True(statuses.Values.All(s => s == CaseStatuses.Completed), $"{summary}\n{_host.LogTail()}");

        await using var db = TestServers.PostgresContext(_connectionString);
        Assert.Equal(Cases, await db.Applications.CountAsync());
        Assert.Equal(Cases, await db.Cases.CountAsync(c => c.CurrentState == CaseStatuses.Completed));
        Assert.Equal(Cases, await db.Licences.CountAsync());                         // no licence twice
        Assert.Equal(Cases, _department.Cases.Count);                                 // no case opened twice at the department
        Assert.Equal(Cases * 7, await db.Timeline.CountAsync());                     // no step recorded twice
        Assert.Equal(0, await db.Outbox.CountAsync(m => m.SentAt == null));
    }

    /// <summary>Submits like a window client does: on no answer it sends the same application with the same key again.</summary>
    async Task<string> SubmitSurvivingCrashesAsync(HttpClient http, string key)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                var response = await http.PostAsJsonAsync($"{_host.Url}/api/applications", Applications.Valid(key), TestGateway.Json);
                var body = await response.Content.ReadAsStringAsync();
                if ((int)response.StatusCode == 202)
                    return JsonSerializer.Deserialize<IntakeEndpoints.SubmissionResponse>(body, TestGateway.Json)!.CaseNo;
                throw new InvalidOperationException($"submission refused: {(int)response.StatusCode} {body}");
            }
            catch (HttpRequestException) when (attempt < 50)
            {
                if (!_host.IsRunning) await _host.StartAsync();
                await Task.Delay(200);
            }
        }
    }
}
