using System.Diagnostics;
using Gateway.Contracts.Status;
using Gateway.Host.Observability;
using Gateway.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.EntityFrameworkCore;
using OpenTelemetry.Trace;
using Xunit;
using Xunit.Abstractions;

namespace Gateway.Tests.Component;

/// <summary>
/// Tracing on, spans exported in memory, on the embedded gateway and on PostgreSQL and RabbitMQ: a case submitted to the REST department makes one trace from the window's request through the
/// saga, the dispatch and the department's HTTP call to each report the department sends back later, every gateway span carrying the
/// case number, and no span anywhere carrying the applicant's ID number or phone.
/// </summary>
public class OneTracePerCase(ITestOutputHelper output)
{
    readonly LockedList<Activity> _spans = new();

    [Theory]
    [InlineData("embedded")]
    [InlineData("servers")]
    public async Task Should_follow_a_case_from_intake_to_its_last_report_in_one_trace_carrying_its_number_and_no_personal_data(string mode)
    {
        var settings = new Dictionary<string, string?> { ["Observability:Traces"] = "true" };
        Action<WebApplicationBuilder> inMemory = b => b.Services.ConfigureOpenTelemetryTracerProvider(t => t.AddInMemoryExporter(_spans));
        await using var gateway = mode == "embedded"
            ? await TestGateway.StartEmbeddedAsync(settings, inMemory)
            : await TestGateway.StartOnServersAsync(settings, configure: inMemory);
        var application = Applications.Valid();
        var idNumber = application["applicant"]!["idNumber"]!.GetValue<string>();
        var phone = application["applicant"]!["phone"]!.GetValue<string>();
        var caseNo = await gateway.SubmitAsync(application);
        await gateway.WaitForStatusAsync(caseNo, CaseStatuses.Completed, TimeSpan.FromSeconds(30));
        int reports;
        await using (var db = gateway.Db()) reports = await db.DepartmentEvents.CountAsync(e => e.CaseNo == caseNo);
        Assert.True(reports >= 2, $"the simulated department reported {reports} time(s)");

        // Spans end when their work is done; the last report's saga step may still be closing.
        var deadline = DateTime.UtcNow.AddSeconds(10);
        List<Activity> spans;
        do
        {
            await Task.Delay(100);
            spans = _spans.Snapshot();
        } while (spans.Count(s => s.DisplayName.StartsWith("department report", StringComparison.Ordinal) && CaseOf(s) == caseNo) < reports
                 && DateTime.UtcNow < deadline);

        var intake = Assert.Single(spans, s => s.Source.Name == GatewayTracing.SourceName && s.DisplayName.StartsWith("intake ", StringComparison.Ordinal)
                                                && CaseOf(s) == caseNo);
        var trace = spans.Where(s => s.TraceId == intake.TraceId).ToList();
        foreach (var s in trace.OrderBy(s => s.StartTimeUtc))
            output.WriteLine($"{s.StartTimeUtc:HH:mm:ss.fff} {s.Source.Name,-22} {s.Kind,-8} {s.DisplayName} [{CaseOf(s)}]");

        // The window's request, the saga, the dispatch, the department's system called over HTTP, every report.
        Assert.Contains(trace, s => s.Source.Name == "Microsoft.AspNetCore" && s.Kind == ActivityKind.Server
                                    && s.DisplayName.Contains("/api/applications", StringComparison.Ordinal) && CaseOf(s) == caseNo);
        Assert.Contains(trace, s => s.DisplayName == "case saga ApplicationSubmitted");
        Assert.Contains(trace, s => s.DisplayName == "case saga CaseDispatched");
        Assert.Contains(trace, s => s.DisplayName == "outbox send DispatchToDepartment");
        Assert.Contains(trace, s => s.Source.Name == "MassTransit" && s.Kind == ActivityKind.Consumer);
        var dispatch = Assert.Single(trace, s => s.DisplayName == "dispatch to SCJG");
        Assert.Equal("delivered", dispatch.GetTagItem("gateway.dispatch_outcome"));
        var call = Assert.Single(trace, s => s.Source.Name == "System.Net.Http" && s.ParentSpanId == dispatch.SpanId);
        Assert.Equal(caseNo, CaseOf(call));
        var reported = trace.Where(s => s.DisplayName.StartsWith("department report ", StringComparison.Ordinal)).ToList();
        Assert.Equal(reports, reported.Count);
        // Each report came in on a request of its own: the report's span is in the case's trace and links to that request.
        Assert.All(reported, r => Assert.NotEmpty(r.Links));
        Assert.Equal(reports, trace.Count(s => s.DisplayName.StartsWith("case saga ", StringComparison.Ordinal)
                                             && s.DisplayName is not ("case saga ApplicationSubmitted" or "case saga CaseDispatched")));
        Assert.All(trace.Where(s => s.Source.Name == GatewayTracing.SourceName), s => Assert.Equal(caseNo, CaseOf(s)));
        // On PostgreSQL and RabbitMQ: the broker's headers carried the trace, and the database commands of the case's work are in it.
        if (mode == "servers") Assert.Contains(trace, s => s.Source.Name == "Npgsql" && CaseOf(s) == caseNo);

        // No span of the whole run carries the applicant's ID number or phone, in its name or any tag.
        foreach (var s in spans)
        {
            var text = s.DisplayName + " " + string.Join(" ", s.TagObjects.Select(t => $"{t.Key}={t.Value}"));
            Assert.DoesNotContain(idNumber, text);
            Assert.DoesNotContain(phone, text);
        }
    }

    static string? CaseOf(Activity span) => span.GetTagItem(GatewayTracing.CaseNo) as string;

    [Fact]
    public async Task Should_put_a_limit_that_deems_the_case_accepted_and_the_step_it_causes_into_the_cases_trace()
    {
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var gateway = await TestGateway.StartEmbeddedAsync(
            new Dictionary<string, string?> { ["Observability:Traces"] = "true", ["Simulators:StateFolder"] = "" },
            b =>
            {
                b.Services.ConfigureOpenTelemetryTracerProvider(t => t.AddInMemoryExporter(_spans));
                b.Services.AddSingleton<TimeProvider>(clock);
            });
        gateway.Scjg.Behaviour = new Gateway.Simulators.Common.SimulatorBehaviour { Silent = true };
        var caseNo = await gateway.SubmitAsync(Applications.Valid());
        await gateway.WaitForStatusAsync(caseNo, CaseStatuses.Dispatched, TimeSpan.FromSeconds(30));
        DateTime due;
        await using (var db = gateway.Db())
            due = await db.Deadlines.Where(d => d.CaseNo == caseNo && d.Kind == Gateway.Host.Deadlines.DeadlineKinds.DeemedAcceptance)
                .Select(d => d.DueAt).SingleAsync();

        clock.SetUtcNow(due.AddMinutes(1));
        await gateway.WaitForStatusAsync(caseNo, CaseStatuses.Accepted, TimeSpan.FromSeconds(30));
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!_spans.Snapshot().Any(s => s.DisplayName == "case saga AcceptanceDeemed") && DateTime.UtcNow < deadline) await Task.Delay(100);

        var spans = _spans.Snapshot();
        var intake = Assert.Single(spans, s => s.DisplayName.StartsWith("intake ", StringComparison.Ordinal) && CaseOf(s) == caseNo);
        var fired = spans.Where(s => s.DisplayName == $"deadline {Gateway.Host.Deadlines.DeadlineKinds.DeemedAcceptance}" && CaseOf(s) == caseNo).ToList();
        Assert.NotEmpty(fired);
        Assert.All(fired, s => Assert.Equal(intake.TraceId, s.TraceId));
        var step = Assert.Single(spans, s => s.DisplayName == "case saga AcceptanceDeemed");
        Assert.Equal(intake.TraceId, step.TraceId);
        Assert.Equal(caseNo, CaseOf(step));
    }
}
