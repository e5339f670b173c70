using System.Globalization;
using System.Net;
using System.Text;
using System.Xml.Linq;

namespace Gateway.Host.JointTesting;

/// <summary>A joint-test run written for people (Markdown, HTML) and for CI systems (JUnit XML).</summary>
public static class JointTestReports
{
    static string F(double v) => v.ToString("0.0", CultureInfo.InvariantCulture);

    public static string Markdown(JointTestReport r)
    {
        var md = new StringBuilder();
        md.AppendLine($"# Joint test {r.RunId} (模拟办件)");
        md.AppendLine();
        md.AppendLine($"{r.StartedAt:yyyy-MM-dd HH:mm:ss} – {r.FinishedAt:HH:mm:ss} UTC · {r.Items.Count} item(s) · **{(r.Passed ? "PASSED" : "FAILED")}**");
        md.AppendLine();
        md.AppendLine("| item | department | protocol | cases passed | failed checks |");
        md.AppendLine("|---|---|---|---|---|");
        foreach (var i in r.Items)
            md.AppendLine($"| {i.ItemCode} {i.ItemName} | {i.DepartmentCode} | {i.Protocol} | {i.PassedCases} of {i.Cases.Count} | {(i.Passed ? "—" : string.Join(", ", i.FailedChecks))} |");
        md.AppendLine();
        foreach (var i in r.Items) md.Append(ItemMarkdown(i));
        md.AppendLine("## Checks");
        md.AppendLine();
        foreach (var (name, meaning) in Checks.Meaning) md.AppendLine($"- `{name}`: {meaning}");
        return md.ToString();
    }

    public static string ItemMarkdown(ItemResult i)
    {
        var md = new StringBuilder();
        md.AppendLine($"## {i.ItemCode} {i.ItemName} — {i.DepartmentCode} ({i.Protocol}): {i.PassedCases} of {i.Cases.Count} passed");
        md.AppendLine();
        md.AppendLine($"Endpoint: `{i.Endpoint}`");
        md.AppendLine();
        md.AppendLine("| check | result | detail |");
        md.AppendLine("|---|---|---|");
        foreach (var c in i.DepartmentChecks) md.AppendLine($"| {c.Name} | {(c.Passed ? "pass" : "**FAIL**")} | {Cell(c.Detail)} |");
        md.AppendLine();
        md.AppendLine("| # | case | end state | seconds | " + string.Join(" | ", i.Cases.SelectMany(c => c.Checks).Select(c => c.Name).Distinct()) + " |");
        md.AppendLine("|---|---|---|---|" + string.Concat(i.Cases.SelectMany(c => c.Checks).Select(c => c.Name).Distinct().Select(_ => "---|")));
        foreach (var c in i.Cases)
            md.AppendLine($"| {c.Index} | {c.CaseNo ?? "—"} | {c.FinalState} | {F(c.Seconds)} | " +
                          string.Join(" | ", c.Checks.Select(k => (k.Passed ? "pass: " : "**FAIL**: ") + Cell(k.Detail))) + " |");
        md.AppendLine();
        return md.ToString();
    }

    static string Cell(string s) => s.Replace("|", "\\|").Replace("\n", " ");

    public static string Html(JointTestReport r)
    {
        string E(string s) => WebUtility.HtmlEncode(s);
        var html = new StringBuilder();
        html.Append($"""
            <!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>Joint test {E(r.RunId)}</title>
            <style>body{"{"}font-family:"Noto Sans CJK SC",sans-serif;margin:1.5rem{"}"} table{"{"}border-collapse:collapse;margin-bottom:1rem{"}"} td,th{"{"}border:1px solid #ccc;padding:.3rem .5rem;text-align:left;vertical-align:top{"}"} .fail{"{"}color:#b3261e;font-weight:bold{"}"} .pass{"{"}color:#1e7e34{"}"}</style></head><body>
            <h1>Joint test {E(r.RunId)} (模拟办件): <span class="{(r.Passed ? "pass" : "fail")}">{(r.Passed ? "PASSED" : "FAILED")}</span></h1>
            <p>{r.StartedAt:yyyy-MM-dd HH:mm:ss} – {r.FinishedAt:HH:mm:ss} UTC</p>
            <table id="summary"><tr><th>item</th><th>department</th><th>protocol</th><th>cases passed</th><th>failed checks</th></tr>
            """);
        foreach (var i in r.Items)
            html.Append($"<tr data-item=\"{E(i.ItemCode)}\"><td>{E(i.ItemCode)} {E(i.ItemName)}</td><td>{E(i.DepartmentCode)}</td><td>{E(i.Protocol)}</td>" +
                        $"<td class=\"{(i.Passed ? "pass" : "fail")}\">{i.PassedCases} of {i.Cases.Count}</td><td>{E(string.Join(", ", i.FailedChecks))}</td></tr>");
        html.Append("</table>");
        foreach (var i in r.Items)
        {
            html.Append($"<h2>{E(i.ItemCode)} {E(i.ItemName)} — {E(i.DepartmentCode)} ({E(i.Protocol)})</h2><p>Endpoint: <code>{E(i.Endpoint)}</code></p><table>");
            foreach (var c in i.DepartmentChecks) html.Append(Row(c.Name, c.Passed, c.Detail));
            foreach (var c in i.Cases)
                foreach (var k in c.Checks) html.Append(Row($"case {c.Index} {c.CaseNo} ({c.FinalState}): {k.Name}", k.Passed, k.Detail));
            html.Append("</table>");
        }
        html.Append("</body></html>");
        return html.ToString();

        string Row(string name, bool ok, string detail) =>
            $"<tr><td>{E(name)}</td><td class=\"{(ok ? "pass" : "fail")}\">{(ok ? "pass" : "FAIL")}</td><td>{E(detail)}</td></tr>";
    }

    /// <summary>JUnit XML: a test suite per item, a test case per check (department checks once, case checks per case, and each case's end).</summary>
    public static string JUnit(JointTestReport r)
    {
        XElement Case(string suite, string name, bool ok, string detail) => new("testcase", new XAttribute("classname", suite), new XAttribute("name", name),
            ok ? null : new XElement("failure", new XAttribute("message", detail), detail));
        var suites = r.Items.Select(i =>
        {
            var suite = $"jointtest.{i.DepartmentCode}.{i.ItemCode}";
            var cases = i.DepartmentChecks.Select(c => Case(suite, c.Name, c.Passed, c.Detail))
                .Concat(i.Cases.SelectMany(c => c.Checks.Select(k => Case(suite, $"case {c.Index}: {k.Name}", k.Passed, k.Detail))
                    .Append(Case(suite, $"case {c.Index}: completed", c.FinalState == Gateway.Contracts.Status.CaseStatuses.Completed,
                        $"case {c.CaseNo} ended {c.FinalState}")))).ToList();
            return new XElement("testsuite", new XAttribute("name", suite), new XAttribute("tests", cases.Count),
                new XAttribute("failures", cases.Count(c => c.Element("failure") is not null)), cases);
        }).ToList();
        return new XDocument(new XElement("testsuites", new XAttribute("name", $"jointtest {r.RunId}"),
            new XAttribute("tests", suites.Sum(s => (int)s.Attribute("tests")!)), new XAttribute("failures", suites.Sum(s => (int)s.Attribute("failures")!)),
            suites)).ToString();
    }
}
