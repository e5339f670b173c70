using System.Diagnostics;
using System.Net.Http.Json;
using Gateway.Host.Intake;
using Gateway.Host.Licences;
using Spectre.Console;

namespace Gateway.Host.Demo;

/// <summary>Submits the demo application to a running gateway over its own HTTP API and shows the case moving, step by step.</summary>
public static class DemoRunner
{
    /// <summary>Runs one demo case per protocol: REST, legacy SOAP, file exchange, and a department whose clerk works in the portal.</summary>
    public static async Task<bool> RunAsync(string gatewayUrl, TimeSpan timeout, CancellationToken ct)
    {
        using var http = new HttpClient { BaseAddress = new Uri(gatewayUrl) };
        // The demo acts as a province-wide channel, with a token the demo's identity-provider key signs.
        http.DefaultRequestHeaders.Authorization = new("Bearer", DemoTokens.Platform(Configuration.DemoConfiguration.Build(), "demo-runner"));
        var console = AnsiConsole.Console;
        if (Console.IsOutputRedirected) console.Profile.Width = Math.Max(console.Profile.Width, 160);
        var ok = await RunCaseAsync(http, console, $"个体工商户设立登记 (item {DemoApplication.ItemCode}, market regulation bureau, REST) at window HQ-WIN-07",
            key => DemoApplication.Create(key), timeout, ct);
        console.WriteLine();
        ok &= await RunCaseAsync(http, console,
            $"本市户口登记(申报出生登记) (item {DemoApplication.BirthRegistrationItemCode}, public security bureau, legacy SOAP) at window HQ-WIN-03",
            key => DemoApplication.BirthRegistration(key), timeout, ct);
        console.WriteLine();
        ok &= await RunCaseAsync(http, console,
            $"社会保障卡申领 (item {DemoApplication.SocialSecurityCardItemCode}, social security bureau, batch file exchange) at window HQ-WIN-11",
            key => DemoApplication.SocialSecurityCard(key), timeout, ct);
        console.WriteLine();
        ok &= await RunCaseAsync(http, console,
            $"城乡居民基本医疗保险参保登记 (item {DemoApplication.MedicalInsuranceItemCode}, medical insurance bureau, no system: a clerk in the portal inbox) at window HQ-WIN-05",
            key => DemoApplication.MedicalInsurance(key), timeout, ct);
        console.WriteLine();
        ok &= await RunBundleAsync(http, console, timeout * 3, ct);
        return ok;
    }

    /// <summary>
    /// The newborn bundle (新生儿出生 一件事): one submission, seven member cases over all four protocols; shows each member's state as it
    /// changes until every member has its result, then records the delivery of all results together.
    /// </summary>
    static async Task<bool> RunBundleAsync(HttpClient http, IAnsiConsole console, TimeSpan timeout, CancellationToken ct)
    {
        console.MarkupLineInterpolated($"[bold]Demo bundle[/]: 新生儿出生“一件事” (bundle {DemoApplication.NewbornBundleCode}: health commission REST, public security SOAP, social security file exchange, medical insurance portal clerk) at window HQ-WIN-01");
        var watch = Stopwatch.StartNew();
        var key = $"demo-{DateTime.UtcNow:yyyyMMddHHmmss}-{Guid.NewGuid():N}"[..40];
        var submit = await http.PostAsJsonAsync("/api/applications", DemoApplication.Newborn(key), ct);
        var body = await submit.Content.ReadAsStringAsync(ct);
        if ((int)submit.StatusCode != 202)
        {
            console.MarkupLineInterpolated($"[red]Submission refused: {(int)submit.StatusCode} {body}[/]");
            return false;
        }
        var receipt = System.Text.Json.JsonSerializer.Deserialize<Bundles.BundleIntake.BundleSubmissionResponse>(body, JsonWeb)!;
        console.MarkupLineInterpolated($"Submitted once: bundle number [bold]{receipt.BundleNo}[/], {receipt.Members.Count} member cases (HTTP 202)");
        var seen = new Dictionary<string, string>();
        Bundles.BundleView? view = null;
        while (watch.Elapsed < timeout)
        {
            view = await http.GetFromJsonAsync<Bundles.BundleView>($"/api/bundles/{receipt.BundleNo}", JsonWeb, ct);
            foreach (var m in view!.Members)
            {
                var state = m.Status + (m.AwaitingPrerequisites && !Cases.CaseProgress.IsFinal(m.Status) ? " (pre-review, waiting for " + string.Join(", ", m.DependsOn) + ")" : "");
                if (seen.GetValueOrDefault(m.ItemCode) == state) continue;
                seen[m.ItemCode] = state;
                console.MarkupLineInterpolated(
                    $"  [grey]+{watch.Elapsed.TotalMilliseconds,6:0} ms[/]  {m.ItemCode,-15} {m.DepartmentCode,-4} {m.Protocol,-8} [bold]{state}[/]");
            }
            if (view.State is "Completed" or "Ended" or "Withdrawn") break;
            await Task.Delay(100, ct);
        }
        if (view is not { State: "Completed" })
        {
            console.MarkupLineInterpolated($"[red]The bundle did not complete within {timeout.TotalSeconds:0} s; it is {view?.State}[/]");
            return false;
        }
        var table = new Table().AddColumn("Member").AddColumn("Department").AddColumn("Needs").AddColumn("Case").AddColumn("Result");
        foreach (var m in view.Members)
            table.AddRow(Markup.Escape($"{m.ItemCode} {m.ItemName}"), $"{m.DepartmentCode} ({m.Protocol})", string.Join(", ", m.DependsOn), m.CaseNo,
                Markup.Escape(m.LicenceNo ?? ""));
        console.Write(table);
        var delivery = await http.PostAsJsonAsync($"/api/bundles/{receipt.BundleNo}/delivery",
            new { method = "pickup-applying-window", windowId = "HQ-WIN-01", recordedBy = "demo window" }, ct);
        console.MarkupLineInterpolated($"Delivery of all results together at window HQ-WIN-01: HTTP {(int)delivery.StatusCode}");
        console.MarkupLineInterpolated($"[green]Bundle {receipt.BundleNo} went from one submission to {view.Members.Count} results in {watch.Elapsed.TotalMilliseconds:0} ms.[/]");
        console.MarkupLineInterpolated($"Look at it: GET {http.BaseAddress}api/bundles/{receipt.BundleNo} (with a channel token), and its graph {http.BaseAddress}bundles/{receipt.BundleNo} (signed in as the demo operator: ops / embedded-demo-ops)");
        return true;
    }

    static async Task<bool> RunCaseAsync(HttpClient http, IAnsiConsole console, string title, Func<string, object> application, TimeSpan timeout,
        CancellationToken ct)
    {
        console.MarkupLineInterpolated($"[bold]Demo case[/]: {title}, gateway {http.BaseAddress}");
        var watch = Stopwatch.StartNew();
        var key = $"demo-{DateTime.UtcNow:yyyyMMddHHmmss}-{Guid.NewGuid():N}"[..40];
        var submit = await http.PostAsJsonAsync("/api/applications", application(key), ct);
        var body = await submit.Content.ReadAsStringAsync(ct);
        if ((int)submit.StatusCode != 202)
        {
            console.MarkupLineInterpolated($"[red]Submission refused: {(int)submit.StatusCode} {body}[/]");
            return false;
        }
        var receipt = System.Text.Json.JsonSerializer.Deserialize<IntakeEndpoints.SubmissionResponse>(body, JsonWeb)!;
        console.MarkupLineInterpolated($"Submitted: case number [bold]{receipt.CaseNo}[/] (HTTP 202)");

        var shown = 0;
        CaseView? view = null;
        while (watch.Elapsed < timeout)
        {
            view = await http.GetFromJsonAsync<CaseView>($"/api/applications/{receipt.CaseNo}", JsonWeb, ct);
            for (; view is not null && shown < view.Timeline.Count; shown++)
            {
                var t = view.Timeline[shown];
                console.MarkupLineInterpolated(
                    $"  [grey]+{(t.RecordedAt - view.SubmittedAt).TotalMilliseconds,6:0} ms[/]  [bold]{t.Status,-18}[/] {t.Title}{(t.Detail is null ? "" : " — " + t.Detail)}");
            }
            if (view?.IsFinal == true) break;
            await Task.Delay(100, ct);
        }
        watch.Stop();

        if (view is not { Status: "Completed", LicenceNo: { } licenceNo })
        {
            console.MarkupLineInterpolated($"[red]The case did not complete within {timeout.TotalSeconds:0} s; it is {view?.Status}[/]");
            return false;
        }
        var licence = await http.GetFromJsonAsync<LicenceView>($"/api/licences/{Uri.EscapeDataString(licenceNo)}", JsonWeb, ct);
        var table = new Table().AddColumn("Licence").AddColumn("");
        table.AddRow("Number", licence!.LicenceNo);
        table.AddRow("Type", licence.LicenceType);
        table.AddRow("Holder", $"{licence.HolderName} ({licence.HolderIdNumberMasked})");
        table.AddRow("Issued by", licence.IssuingDepartmentCode);
        table.AddRow("Valid", $"{licence.ValidFrom:yyyy-MM-dd} – {(licence.ValidUntil is { } u ? u.ToString("yyyy-MM-dd") : "long-term")}");
        console.Write(table);
        console.MarkupLineInterpolated($"[green]Case {receipt.CaseNo} went from submission to licence in {watch.Elapsed.TotalMilliseconds:0} ms.[/]");
        console.MarkupLineInterpolated($"Look at it: GET {http.BaseAddress}api/applications/{receipt.CaseNo} (with a channel token: anonymous callers are refused)");
        return true;
    }

    static readonly System.Text.Json.JsonSerializerOptions JsonWeb = System.Text.Json.JsonSerializerOptions.Web;
}
