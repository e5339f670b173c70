using Gateway.Contracts.Status;
using Gateway.Host.Demo;
using Gateway.Host.Persistence;
using Gateway.Simulators.Common;
using Gateway.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OpenQA.Selenium;
using OpenQA.Selenium.Support.UI;
using Xunit;
using Xunit.Abstractions;

namespace Gateway.Tests.Browser;

/// <summary>
/// The operator on call in headless Chromium: a department was down long enough for a dispatch to fail every retry; once the
/// department is back the operator finds the failure grouped by its cause, opens it, retries it, and the case goes on to completion.
/// </summary>
public class OperatorConsoleInHeadlessChromium(ITestOutputHelper output) : OnEmbeddedGateway
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Dispatch:RetryLimit"] = "2",
        ["Dispatch:RetryMinSeconds"] = "0.1",
        ["Dispatch:RetryMaxSeconds"] = "0.2",
        ["Departments:SCJG:RetryAttempts"] = "1",
    };

    [Fact]
    public async Task Should_retry_a_failed_dispatch_from_the_console_once_its_department_is_back()
    {
        Gateway.Scjg.Outage = new SimulatedOutage(DateTime.UtcNow.AddHours(1), 503);
        var caseNo = await Gateway.SubmitAsync(DemoApplication.Create(Applications.NewKey()));
        var failed = await WaitForFailedMessageAsync();
        Assert.Equal("DispatchToDepartment", failed.MessageType.Split(':').Last());
        Assert.StartsWith("DepartmentUnavailableException", failed.Cause);
        Assert.Equal(CaseStatuses.Received, (await Gateway.GetCaseAsync(caseNo)).Status);

        Gateway.Scjg.Outage = null;   // the cause is fixed: the department answers again
        Gateway.Scjg.Behaviour = new SimulatorBehaviour { StepDelayMs = 20 };

        using var browser = PortalInHeadlessChromium.StartBrowser();
        PortalInHeadlessChromium.SignIn(browser, Gateway.Url, "test-ops", TestGateway.OperatorPassword);
        Assert.EndsWith("/operations", browser.Url);
        var group = browser.FindElement(By.CssSelector("#failure-groups tr[data-cause]"));
        Assert.StartsWith("DepartmentUnavailableException", group.GetAttribute("data-cause"));
        Assert.StartsWith("1", group.FindElement(By.CssSelector("td[data-count]")).Text);
        var scjg = browser.FindElement(By.CssSelector("#department-health tr[data-department='SCJG']"));
        Assert.Contains("1", scjg.Text);
        PortalInHeadlessChromium.Screenshot(browser, "operations-failed", output);

        group.FindElement(By.TagName("a")).Click();                                     // the group's messages
        Await(browser, b => b.FindElement(By.CssSelector($"#group-messages a[href='/operations/failed/{failed.Id}']"))).Click();
        Assert.Contains("DispatchToDepartment", Await(browser, b => b.FindElement(By.Id("failed-message"))).Text);
        Assert.Contains(caseNo, browser.FindElement(By.Id("body")).Text);               // the envelope, readable
        Assert.StartsWith("open", browser.FindElement(By.Id("status")).Text);
        browser.FindElement(By.Id("retry")).Click();
        Assert.Contains("queued for retry", Await(browser, b => b.FindElement(By.CssSelector("p.message"))).Text);

        var done = await Gateway.WaitForStatusAsync(caseNo, CaseStatuses.Completed, TimeSpan.FromSeconds(30));
        Assert.Contains(done.Timeline, t => t.Status == CaseStatuses.Dispatched);
        browser.Navigate().Refresh();
        Assert.StartsWith("retried by test-ops", browser.FindElement(By.Id("status")).Text);
        Assert.Empty(browser.FindElements(By.Id("retry")));

        browser.Navigate().GoToUrl($"{Gateway.Url}/operations");
        Assert.Equal("No failed message is waiting.", browser.FindElement(By.Id("no-failures")).Text);
        browser.FindElement(By.CssSelector("#case-lookup input[name=CaseNo]")).SendKeys(caseNo);
        browser.FindElement(By.CssSelector("#case-lookup button")).Click();
        // The lookup redirects to the case's page: wait for it rather than read the page the click left.
        Assert.Contains("Completed", Await(browser, b => b.Url.Contains("/operations/cases/") ? b.FindElement(By.Id("state")) : null).Text);
        Assert.Contains(browser.FindElements(By.CssSelector("#timeline td")), td => td.Text == CaseStatuses.Dispatched);
        Assert.Contains(browser.FindElements(By.CssSelector("#case-failed td")), td => td.Text == "retried");
        Assert.NotEmpty(browser.FindElements(By.CssSelector("#audit tbody tr")));
        Assert.DoesNotContain(browser.FindElements(By.CssSelector("#audit td")), td => td.Text == "ALTERED");
        PortalInHeadlessChromium.Screenshot(browser, "operations-case", output);
    }

    /// <summary>Waits up to 10 s for what a click's navigation brings (a click returns before the next page has loaded).</summary>
    static T Await<T>(IWebDriver browser, Func<IWebDriver, T?> find) where T : class =>
        new WebDriverWait(browser, TimeSpan.FromSeconds(10)).Until(find)!;

    async Task<FailedMessage> WaitForFailedMessageAsync()
    {
        var factory = Gateway.App.Services.GetRequiredService<IDbContextFactory<GatewayDbContext>>();
        var until = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < until)
        {
            await using var db = await factory.CreateDbContextAsync();
            if (await db.FailedMessages.FirstOrDefaultAsync() is { } f) return f;
            await Task.Delay(100);
        }
        throw new TimeoutException("no failed message was recorded within 30 s");
    }
}
