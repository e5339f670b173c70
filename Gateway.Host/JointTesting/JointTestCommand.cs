using Gateway.Host.Catalogue;
using Gateway.Host.Embedded;
using Microsoft.Extensions.Options;
using Spectre.Console;

namespace Gateway.Host.JointTesting;

/// <summary>
/// <c>jointtest</c>: starts the gateway in this process (with the configuration given: the embedded simulators, or the departments'
/// own endpoints), runs the harness over the chosen items with a progress bar, writes the report and says whether it passed.
/// With <c>--Simulators:Embedded=false</c> and a department's endpoint and secrets, it plays the hub alone against that
/// department's own test system: nothing else needs to run.
/// </summary>
public static class JointTestCommand
{
    public static async Task<int> RunAsync(string[] hostArgs, string[] itemCodes, string? departmentCode, bool all, int? cases, string reportDir,
        CancellationToken ct, bool demo = false)
    {
        var console = AnsiConsole.Console;
        var overrides = new Dictionary<string, string?> { ["Logging:LogLevel:Default"] = "Warning" };
        if (demo) overrides[Configuration.DemoConfiguration.Key] = "true";
        await using var app = GatewayApplication.Build(hostArgs, overrides);
        var catalogue = app.Services.GetRequiredService<ServiceCatalogue>();
        var selected = all ? catalogue.Items.ToList()
            : departmentCode is not null ? catalogue.Items.Where(i => i.DepartmentCode.Equals(departmentCode, StringComparison.OrdinalIgnoreCase)).ToList()
            : itemCodes.Select(c => catalogue.Item(c)).OfType<ServiceItem>().ToList();
        var unknown = itemCodes.Where(c => catalogue.Item(c) is null).ToList();
        if (unknown.Count > 0 || selected.Count == 0)
        {
            console.MarkupLineInterpolated($"[red]Nothing to test: {(unknown.Count > 0 ? $"unknown item(s) {string.Join(", ", unknown)}" : "give --item CODE, --department CODE or --all")}[/]");
            return 2;
        }
        var options = app.Services.GetRequiredService<IOptions<JointTestOptions>>().Value;
        var perItem = cases ?? options.Cases;
        await app.StartAsync(ct);
        var url = EmbeddedSimulators.GatewayUrl(app.Services);
        console.MarkupLineInterpolated($"Joint test of {selected.Count} item(s), {perItem} simulated case(s) each, through the gateway at {url}");

        JointTestReport report = null!;
        await console.Progress().AutoClear(false).Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .StartAsync(async progress =>
            {
                var task = progress.AddTask("simulated cases", maxValue: selected.Count * perItem);
                report = await new JointTestRunner(app.Services).RunAsync(url, selected, perItem, (item, done, total) =>
                {
                    task.Value = done;
                    task.Description = $"{item} ({done}/{total})";
                }, ct);
            });
        await app.StopAsync(CancellationToken.None);

        Directory.CreateDirectory(reportDir);
        var stem = Path.Combine(reportDir, report.RunId);
        await File.WriteAllTextAsync(stem + ".md", JointTestReports.Markdown(report), ct);
        await File.WriteAllTextAsync(stem + ".html", JointTestReports.Html(report), ct);
        await File.WriteAllTextAsync(stem + ".junit.xml", JointTestReports.JUnit(report), ct);
        var table = new Table().AddColumn("Item").AddColumn("Department").AddColumn("Passed").AddColumn("Failed checks");
        foreach (var i in report.Items)
            table.AddRow(Markup.Escape($"{i.ItemCode} {i.ItemName}"), $"{i.DepartmentCode} ({i.Protocol})", $"{i.PassedCases} of {i.Cases.Count}",
                Markup.Escape(string.Join(", ", i.FailedChecks)));
        console.Write(table);
        console.MarkupLine($"Run {report.RunId}: {(report.Passed ? "[green]PASSED[/]" : "[red]FAILED[/]")}; report {Markup.Escape(stem)}.md, .html, .junit.xml");
        return report.Passed ? 0 : 1;
    }
}
