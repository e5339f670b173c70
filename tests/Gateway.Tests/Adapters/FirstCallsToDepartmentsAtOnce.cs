using Gateway.Adapters;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Polly.CircuitBreaker;
using Xunit;

namespace Gateway.Tests.Adapters;

/// <summary>
/// A host started on a backlog calls many departments for the first time at once, from many consumers: each department's
/// pipeline (retry, breaker, timeout) must be built once and handed to every caller, none of them failing on the build.
/// </summary>
public class FirstCallsToDepartmentsAtOnce
{
    static DepartmentResiliencePipelines Pipelines()
    {
        var services = new ServiceCollection();
        services.Configure<DepartmentConnectionsOptions>(o => o["SCJG"] = new DepartmentConnectionOptions { RetryAttempts = 0, BreakerMinimumThroughput = 2 });
        return new DepartmentResiliencePipelines(services.BuildServiceProvider().GetRequiredService<IOptionsMonitor<DepartmentConnectionsOptions>>());
    }

    [Fact]
    public async Task Should_give_every_concurrent_first_caller_the_same_pipeline_without_an_error()
    {
        var pipelines = Pipelines();
        var departments = Enumerable.Range(0, 120).Select(i => $"D{i:D3}").Append("SCJG").ToList();
        const int callersPerDepartment = 8;
        using var start = new Barrier(callersPerDepartment);
        var results = new Dictionary<string, object[]>();
        foreach (var code in departments)
        {
            var calls = Enumerable.Range(0, callersPerDepartment).Select(_ => Task.Factory.StartNew(() =>
            {
                start.SignalAndWait();
                return (object)pipelines.For(code);
            }, TaskCreationOptions.LongRunning)).ToArray();
            results[code] = await Task.WhenAll(calls);
        }

        Assert.All(results, r => Assert.Single(r.Value.Distinct()));
        Assert.All(departments, code => Assert.Equal(CircuitState.Closed, pipelines.Circuit(code)));
    }

    [Fact]
    public async Task Should_report_no_circuit_before_the_first_call_and_the_breaker_state_after_calls()
    {
        var pipelines = Pipelines();
        Assert.Null(pipelines.Circuit("SCJG"));

        var pipeline = pipelines.For("scjg");   // department codes are matched without regard to case
        Assert.Same(pipeline, pipelines.For("SCJG"));
        for (var i = 0; i < 20 && pipelines.Circuit("SCJG") != CircuitState.Open; i++)
        {
            try
            {
                await pipeline.ExecuteAsync(_ => ValueTask.FromResult(new HttpResponseMessage(System.Net.HttpStatusCode.ServiceUnavailable)));
            }
            catch (BrokenCircuitException)
            {
            }
        }
        Assert.Equal(CircuitState.Open, pipelines.Circuit("SCJG"));
        Assert.Null(pipelines.Circuit("D001"));
    }
}
