using System.Globalization;
using System.Net;
using System.Text;
using Microsoft.AspNetCore.Html;

namespace Gateway.Host.Supervision;

/// <summary>
/// A horizontal bar chart drawn as inline SVG on the server: one labelled bar per entry with its value written beside it, so it
/// reads without scripts and prints as it shows. Entries without a value are drawn as "—".
/// </summary>
public static class BarChart
{
    public sealed record Bar(string Label, double? Value, string Text);

    public static IHtmlContent Render(string id, string title, IReadOnlyList<Bar> bars, double? max = null, string colour = "#b3261e")
    {
        const int labelWidth = 210, barWidth = 330, rowHeight = 26, top = 30;
        var scale = max ?? Math.Max(1, bars.Select(b => b.Value ?? 0).DefaultIfEmpty(0).Max());
        var height = top + bars.Count * rowHeight + 8;
        var svg = new StringBuilder();
        string F(double v) => v.ToString("0.#", CultureInfo.InvariantCulture);
        svg.Append($"""<svg id="{id}" class="chart" xmlns="http://www.w3.org/2000/svg" width="{labelWidth + barWidth + 90}" height="{height}" role="img" aria-label="{WebUtility.HtmlEncode(title)}">""");
        svg.Append($"""<text x="0" y="18" font-size="15" font-weight="bold">{WebUtility.HtmlEncode(title)}</text>""");
        for (var i = 0; i < bars.Count; i++)
        {
            var b = bars[i];
            var y = top + i * rowHeight;
            var w = b.Value is { } v && scale > 0 ? Math.Max(1, v / scale * barWidth) : 0;
            svg.Append($"""<text x="0" y="{y + 17}" font-size="13">{WebUtility.HtmlEncode(b.Label)}</text>""");
            svg.Append($"""<rect class="bar" data-label="{WebUtility.HtmlEncode(b.Label)}" data-value="{(b.Value is { } dv ? F(dv) : "")}" x="{labelWidth}" y="{y + 4}" width="{F(w)}" height="{rowHeight - 8}" fill="{colour}"/>""");
            svg.Append($"""<text x="{F(labelWidth + w + 6)}" y="{y + 17}" font-size="13">{WebUtility.HtmlEncode(b.Value is null ? "—" : b.Text)}</text>""");
        }
        svg.Append("</svg>");
        return new HtmlString(svg.ToString());
    }
}
