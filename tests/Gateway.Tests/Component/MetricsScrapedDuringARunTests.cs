using System.Globalization;
using System.Text.RegularExpressions;
using Gateway.Contracts.Status;
using Gateway.Tests.Support;
using Xunit;
using Xunit.Abstractions;

namespace Gateway.Tests.Component;

/// <summary>
/// The Prometheus endpoint of the embedded gateway, scraped while cases run: the state and dispatch metrics are there with values
/// that match what the run did, and the gauges of what waits are exposed.
/// </summary>
public partial class MetricsScrapedDuringARun(ITestOutputHelper output) : IAsyncLifetime
{
    TestGateway _gateway = null!;

    public async Task InitializeAsync() =>
        _gateway = await TestGateway.StartEmbeddedAsync(new Dictionary<string, string?> { ["Observability:SampleSeconds"] = "1" });

    public async Task DisposeAsync() => await _gateway.DisposeAsync();

    [GeneratedRegex(@"^(?<name>[a-z_:]+)(\{(?<labels>[^}]*)\})? (?<value>\S+)", RegexOptions.Multiline)]
    private static partial Regex Sample();

    /// <summary>The samples of the scrape: name, labels as text, value.</summary>
    static List<(string Name, string Labels, double Value)> Parse(string text) => Sample().Matches(text)
        .Select(m => (m.Groups["name"].Value, m.Groups["labels"].Value,
            double.Parse(m.Groups["value"].Value.Replace("+Inf", "Infinity", StringComparison.Ordinal), CultureInfo.InvariantCulture)))
        .ToList();

    static double Sum(List<(string Name, string Labels, double Value)> samples, string name, params string[] labels) =>
        samples.Where(s => s.Name == name && labels.All(l => s.Labels.Contains(l, StringComparison.Ordinal))).Sum(s => s.Value);

    [Fact]
    public async Task Should_expose_state_and_dispatch_metrics_that_match_the_run()
    {
        var caseNos = new List<string>();
        for (var i = 0; i < 3; i++) caseNos.Add(await _gateway.SubmitAsync(Applications.Valid()));
        foreach (var caseNo in caseNos) await _gateway.WaitForStatusAsync(caseNo, CaseStatuses.Completed, TimeSpan.FromSeconds(30));
        // One refusal at intake: an application with nothing in it.
        var refused = await _gateway.PostJsonAsync("/api/applications", new { });
        Assert.Equal(422, (int)refused.Response.StatusCode);
        await Task.Delay(1500);   // the gauges' next read of the database

        // Scraped as Prometheus does: no credentials.
        var response = await _gateway.Anonymous.GetAsync("/metrics");
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {text}");
        var samples = Parse(text);
        output.WriteLine(string.Join('\n', text.Split('\n').Where(l => l.StartsWith("gateway_", StringComparison.Ordinal))));

        Assert.Equal(3, Sum(samples, "gateway_case_states_entered_total", "state=\"Completed\"", "department=\"SCJG\""));
        Assert.Equal(3, Sum(samples, "gateway_case_states_entered_total", "state=\"Dispatched\"", "department=\"SCJG\""));
        Assert.Equal(3, Sum(samples, "gateway_dispatch_outcomes_total", "department=\"SCJG\"", "outcome=\"delivered\""));
        Assert.Equal(3, Sum(samples, "gateway_dispatch_duration_seconds_count", "department=\"SCJG\"", "outcome=\"delivered\""));
        var took = Sum(samples, "gateway_dispatch_duration_seconds_sum", "department=\"SCJG\"");
        Assert.InRange(took, 0.0001, 30);
        Assert.Equal(0, Sum(samples, "gateway_department_circuit_state", "department=\"SCJG\""));
        Assert.Contains(samples, s => s.Name == "gateway_department_circuit_state" && s.Labels.Contains("department=\"SCJG\"", StringComparison.Ordinal));
        Assert.True(Sum(samples, "gateway_intake_refusals_total", "status=\"422\"") >= 1);
        Assert.Contains(samples, s => s.Name == "gateway_failed_messages_open" && s.Value == 0);
        Assert.Contains(samples, s => s.Name == "gateway_outbox_unsent" && s.Labels.Contains("lane=\"case-events\"", StringComparison.Ordinal));
        Assert.Contains(samples, s => s.Name == "gateway_feed_unpushed");
        Assert.Contains(samples, s => s.Name == "gateway_deadlines_overdue");
    }
}
