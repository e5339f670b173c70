using System.Text.Json;
using Gateway.Contracts.Status;
using Gateway.Host.Demo;
using Gateway.Simulators.Common;
using Gateway.Tests.Support;
using OpenQA.Selenium;
using Xunit;
using Xunit.Abstractions;

namespace Gateway.Tests.Browser;

/// <summary>The bundle page in headless Chromium: each member's state, and the dependency graph drawn with a box per member and an arrow per dependency.</summary>
public class BundlePageInHeadlessChromium(ITestOutputHelper output) : OnEmbeddedGateway
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Simulators:ClerkBots:0:DepartmentCode"] = "YB",
        ["Simulators:ClerkBots:0:Username"] = "yb-clerk",
        ["Simulators:ClerkBots:0:Password"] = TestGateway.YbClerkPassword,
    };

    [Fact]
    public async Task Should_show_the_members_waiting_for_their_prerequisites_and_then_all_done()
    {
        using var browser = PortalInHeadlessChromium.StartBrowser();
        browser.Navigate().GoToUrl($"{Gateway.Url}/bundles/410702209901010000001");
        Assert.Contains("/portal/login", browser.Url);   // the applicant's data is not shown to anyone who asks
        PortalInHeadlessChromium.SignIn(browser, Gateway.Url, "test-ops", TestGateway.OperatorPassword);
        for (var i = 0; i < 50 && browser.Url.Contains("/portal/login"); i++) await Task.Delay(200);   // the sign-in has landed

        Gateway.Wjw.Behaviour = new SimulatorBehaviour { StepDelayMs = 1500 };   // the birth certificate comes slowly: the dependants wait
        foreach (var d in new[] { Gateway.Ga, Gateway.Rs }) d.Behaviour = new SimulatorBehaviour { StepDelayMs = 20 };
        var receipt = await Gateway.SubmitBundleAsync(JsonSerializer.SerializeToNode(DemoApplication.Newborn(Applications.NewKey()), TestGateway.Json)!);
        await Gateway.WaitForBundleAsync(receipt.BundleNo, b => b.Members.Where(m => m.DependsOn.Count > 0).All(m => m.DispatchedAt is not null));

        browser.Navigate().GoToUrl($"{Gateway.Url}/bundles/{receipt.BundleNo}");
        PortalInHeadlessChromium.Screenshot(browser, "bundle-waiting", output);
        Assert.Equal("Running", browser.FindElement(By.Id("bundle-state")).Text);
        var nodes = browser.FindElements(By.CssSelector("#bundle-graph g.node"));
        Assert.Equal(7, nodes.Count);
        Assert.Equal(6, browser.FindElements(By.CssSelector("#bundle-graph line.edge")).Count);
        // The household registration waits in pre-review for the birth certificate, drawn in its own colour.
        var household = browser.FindElement(By.CssSelector("#bundle-graph g.node[data-item='410700-GA-001']"));
        Assert.Equal("true", household.GetAttribute("data-held"));
        Assert.Equal("#fff8e1", household.FindElement(By.TagName("rect")).GetAttribute("fill"));
        Assert.Contains("预审中", browser.FindElement(By.CssSelector("#members tr[data-item='410700-GA-001'] td.status")).Text);
        // Boxes lie in columns by depth: the birth certificate left of the household registration, left of the social security card.
        double X(string item) => double.Parse(browser.FindElement(By.CssSelector($"#bundle-graph g.node[data-item='{item}'] rect")).GetAttribute("x")!,
            System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(X("410700-WJW-001") < X("410700-GA-001") && X("410700-GA-001") < X("410700-RS-001"));

        await Gateway.WaitForBundleAsync(receipt.BundleNo, b => b.State == "Completed", TimeSpan.FromSeconds(90));
        browser.Navigate().Refresh();
        PortalInHeadlessChromium.Screenshot(browser, "bundle-completed", output);
        Assert.Equal("Completed", browser.FindElement(By.Id("bundle-state")).Text);
        Assert.All(browser.FindElements(By.CssSelector("#bundle-graph g.node")), n => Assert.Equal(CaseStatuses.Completed, n.GetAttribute("data-status")));
        Assert.All(browser.FindElements(By.CssSelector("#members tr[data-item] td.status")), td => Assert.StartsWith(CaseStatuses.Completed, td.Text));
        Assert.Equal(7, browser.FindElements(By.CssSelector("#members tr[data-item]")).Count);

        browser.Navigate().GoToUrl($"{Gateway.Url}/bundles/410702209901019999999");
        Assert.DoesNotContain("bundle-graph", browser.PageSource);
    }
}
