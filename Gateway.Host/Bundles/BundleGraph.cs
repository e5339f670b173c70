using System.Globalization;
using System.Net;
using System.Text;
using Gateway.Contracts.Status;

namespace Gateway.Host.Bundles;

/// <summary>
/// A bundle's dependency graph drawn as SVG on the server: one box per member, in columns by how many prerequisites deep it lies,
/// arrows from each prerequisite to the members needing its result, boxes coloured by the member's state.
/// </summary>
public static class BundleGraph
{
    const int BoxWidth = 220, BoxHeight = 64, ColumnGap = 70, RowGap = 18, Margin = 12;

    public static string Render(BundleView view)
    {
        var depth = new Dictionary<string, int>();
        int Depth(string item, int guard = 0)
        {
            if (depth.TryGetValue(item, out var d)) return d;
            var member = view.Members.FirstOrDefault(m => m.ItemCode == item);
            d = member is null || member.DependsOn.Count == 0 || guard > view.Members.Count ? 0 : member.DependsOn.Max(p => Depth(p, guard + 1)) + 1;
            return depth[item] = d;
        }
        foreach (var m in view.Members) Depth(m.ItemCode);
        var columns = view.Members.GroupBy(m => depth[m.ItemCode]).OrderBy(g => g.Key).ToList();
        var position = new Dictionary<string, (double X, double Y)>();
        foreach (var column in columns)
            foreach (var (m, row) in column.Select((m, i) => (m, i)))
                position[m.ItemCode] = (Margin + column.Key * (BoxWidth + ColumnGap), Margin + 24 + row * (BoxHeight + RowGap));
        var width = Margin * 2 + columns.Count * BoxWidth + Math.Max(0, columns.Count - 1) * ColumnGap;
        var height = Margin * 2 + 24 + columns.Max(c => c.Count()) * (BoxHeight + RowGap);
        string F(double v) => v.ToString("0.#", CultureInfo.InvariantCulture);
        string E(string s) => WebUtility.HtmlEncode(s);

        var svg = new StringBuilder();
        svg.Append($"""<svg id="bundle-graph" xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" role="img" aria-label="{E(view.BundleName)} dependency graph">""");
        svg.Append("""<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M 0 0 L 10 5 L 0 10 z" fill="#555"/></marker></defs>""");
        svg.Append($"""<text x="{Margin}" y="{Margin + 12}" font-size="14" font-weight="bold">{E(view.BundleName)} · {E(view.State)}</text>""");
        foreach (var m in view.Members)
            foreach (var p in m.DependsOn.Where(position.ContainsKey))
            {
                var (x1, y1) = position[p];
                var (x2, y2) = position[m.ItemCode];
                svg.Append($"""<line class="edge" data-from="{E(p)}" data-to="{E(m.ItemCode)}" x1="{F(x1 + BoxWidth)}" y1="{F(y1 + BoxHeight / 2.0)}" x2="{F(x2 - 2)}" y2="{F(y2 + BoxHeight / 2.0)}" stroke="#555" stroke-width="1.5" marker-end="url(#arrow)"/>""");
            }
        foreach (var m in view.Members)
        {
            var (x, y) = position[m.ItemCode];
            var (fill, stroke) = Colours(m);
            var name = m.ItemName.Length > 15 ? m.ItemName[..14] + "…" : m.ItemName;
            var state = m.AwaitingPrerequisites && !IsEnded(m.Status) ? $"{m.Status} · 待前置结果" : m.Status;
            svg.Append($"""<g class="node" data-item="{E(m.ItemCode)}" data-status="{E(m.Status)}" data-held="{(m.AwaitingPrerequisites ? "true" : "false")}">""");
            svg.Append($"""<title>{E($"{m.ItemCode} {m.ItemName} · {m.DepartmentName} ({m.Protocol}) · {m.CaseNo} · {state}")}</title>""");
            svg.Append($"""<rect x="{F(x)}" y="{F(y)}" width="{BoxWidth}" height="{BoxHeight}" rx="8" fill="{fill}" stroke="{stroke}" stroke-width="2"/>""");
            svg.Append($"""<text x="{F(x + 10)}" y="{F(y + 20)}" font-size="13" font-weight="bold">{E(name)}</text>""");
            svg.Append($"""<text x="{F(x + 10)}" y="{F(y + 38)}" font-size="11">{E($"{m.DepartmentCode} · {m.Protocol} · {m.CaseNo}")}</text>""");
            svg.Append($"""<text x="{F(x + 10)}" y="{F(y + 55)}" font-size="11">{E(state)}</text>""");
            svg.Append("</g>");
        }
        svg.Append("</svg>");
        return svg.ToString();
    }

    static bool IsEnded(string status) => Cases.CaseProgress.IsFinal(status);

    static (string Fill, string Stroke) Colours(BundleView.Member m) => m.Status switch
    {
        CaseStatuses.Completed or CaseStatuses.Delivered => ("#e6f4ea", "#1e7e34"),
        CaseStatuses.Refused or CaseStatuses.NotAccepted or CaseStatuses.Stopped or CaseStatuses.DispatchFailed => ("#fdecea", "#b3261e"),
        CaseStatuses.Withdrawn => ("#eeeeee", "#777777"),
        _ when m.AwaitingPrerequisites => ("#fff8e1", "#b26a00"),
        _ => ("#e8f0fe", "#1a56db"),
    };
}
