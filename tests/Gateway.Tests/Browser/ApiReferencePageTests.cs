using System.Text.Json.Nodes;
using Gateway.Tests.Support;
using OpenQA.Selenium;
using OpenQA.Selenium.Support.UI;
using Xunit;
using Xunit.Abstractions;

namespace Gateway.Tests.Browser;

/// <summary>
/// The API reference page of the embedded gateway in headless Chromium: it loads the served OpenAPI document (no file from outside
/// the machine) and lists the operations under their bilingual summaries, with no AI agent or toolbar linking outside.
/// </summary>
public class ApiReferencePageInHeadlessChromium(ITestOutputHelper output) : OnEmbeddedGateway
{
    [Fact]
    public async Task Should_render_every_tag_and_the_submit_operation_from_the_served_document()
    {
        var document = JsonNode.Parse(await Gateway.Anonymous.GetStringAsync("/openapi/v1.json"))!;
        var tags = document["paths"]!.AsObject().SelectMany(p => p.Value!.AsObject())
            .SelectMany(o => o.Value!["tags"]?.AsArray().Select(t => t!.GetValue<string>()) ?? []).Distinct().ToList();
        Assert.NotEmpty(tags);

        using var browser = PortalInHeadlessChromium.StartBrowser();
        browser.Navigate().GoToUrl(Gateway.Url + "/scalar/");
        var wait = new WebDriverWait(browser, TimeSpan.FromSeconds(30));
        wait.Until(b => b.FindElement(By.TagName("body")).Text.Contains("Submit an application", StringComparison.Ordinal));
        PortalInHeadlessChromium.Screenshot(browser, "api-reference", output);
        var text = browser.FindElement(By.TagName("body")).Text;
        Assert.Contains("提交申请", text);
        foreach (var tag in tags) Assert.Contains(tag, text);
        // The page offers nothing that reaches outside the machine.
        foreach (var outside in new[] { "Ask AI", "Deploy", "Generate SDK", "Share" }) Assert.DoesNotContain(outside, text);
        // Nothing the page asked for failed to load (its script and the document come from the gateway itself).
        var failed = ((IJavaScriptExecutor)browser).ExecuteScript(
            "return performance.getEntriesByType('resource').filter(e => e.responseStatus >= 400 || e.transferSize === 0 && e.decodedBodySize === 0 && e.initiatorType !== 'other').map(e => e.name).join(' ')");
        output.WriteLine($"tags: {string.Join(", ", tags)}; resources that failed: '{failed}'");
        Assert.Equal("", failed as string);
    }
}
