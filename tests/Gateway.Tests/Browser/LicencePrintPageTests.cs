using System.Text.Json;
using System.Text.Json.Nodes;
using Gateway.Contracts.Status;
using Gateway.Host.Demo;
using Gateway.Tests.Support;
using OpenQA.Selenium;
using Xunit;
using Xunit.Abstractions;

namespace Gateway.Tests.Browser;

/// <summary>The licence a window prints for the applicant, in headless Chromium: its fields, its verified signature, and a revoked one marked void.</summary>
public class LicencePrintPageInHeadlessChromium(ITestOutputHelper output) : OnEmbeddedGateway
{
    const string YbSecret = "test-secret-yb";
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?> { ["Departments:YB:CallbackSecret"] = YbSecret };

    [Fact]
    public async Task Should_print_the_licence_with_its_checked_signature_and_mark_a_revoked_one()
    {
        var application = JsonSerializer.SerializeToNode(DemoApplication.MedicalInsurance(Applications.NewKey()), TestGateway.Json)!;
        application["windowDecision"] = new JsonObject
        {
            ["decidedBy"] = "HQ-WIN-05 王敏", ["decision"] = "approved", ["licenceNo"] = "YB-JB-0042", ["validFrom"] = "2026-11-23",
        };
        await Gateway.WaitForStatusAsync(await Gateway.SubmitAsync(application), CaseStatuses.Completed);

        using var browser = PortalInHeadlessChromium.StartBrowser();
        // The window's browser carries its channel token, as the window system's kiosk does.
        var token = Gateway.Token(global::Gateway.Host.Channels.ChannelCaller.Window, ["read", "print"], region: "410702", subject: "window-HQ-WIN-05");
        browser.ExecuteCdpCommand("Network.enable", new Dictionary<string, object?>());
        browser.ExecuteCdpCommand("Network.setExtraHTTPHeaders", new Dictionary<string, object?>
        {
            ["headers"] = new Dictionary<string, object> { ["Authorization"] = "Bearer " + token },
        });
        browser.Navigate().GoToUrl($"{Gateway.Url}/api/licences/YB-JB-0042/print?windowId=HQ-WIN-05");
        PortalInHeadlessChromium.Screenshot(browser, "licence-print", output);
        Assert.Equal("参保登记凭证", browser.FindElement(By.TagName("h1")).Text);
        var table = browser.FindElement(By.Id("licence")).Text;
        Assert.Contains("YB-JB-0042", table);
        Assert.Contains("赵敏", table);
        Assert.Contains("✓ signed by YB", table);
        Assert.Empty(browser.FindElements(By.ClassName("void")));
        Assert.Contains("window:window-HQ-WIN-05", browser.FindElement(By.TagName("body")).Text); // the authenticated caller, on the page and in the record

        var (revoked, body) = await Gateway.SignedPostAsync("/api/departments/YB/licences/YB-JB-0042/revocation", new { reason = "重复参保" }, YbSecret);
        Assert.True(revoked.IsSuccessStatusCode, body);
        browser.Navigate().Refresh();
        Assert.Contains("已注销", browser.FindElement(By.ClassName("void")).Text);
    }
}
