using System.Text.Json;
using Gateway.Contracts.Status;
using Gateway.Host.Demo;
using Gateway.Tests.Support;
using OpenQA.Selenium;
using OpenQA.Selenium.Chrome;
using OpenQA.Selenium.Support.UI;
using Xunit;
using Xunit.Abstractions;

namespace Gateway.Tests.Browser;

/// <summary>The manual-inbox portal in a real browser: Debian's Chromium, headless, driven through its ChromeDriver.</summary>
public class PortalInHeadlessChromium(ITestOutputHelper output) : OnEmbeddedGateway
{
    internal static ChromeDriver StartBrowser()
    {
        if (!File.Exists("/usr/bin/chromium") || !File.Exists("/usr/bin/chromedriver"))
            throw new InvalidOperationException("Chromium and its driver are missing: bash scripts/test-servers.sh start installs them (chromium, chromium-driver)");
        var options = new ChromeOptions { BinaryLocation = "/usr/bin/chromium" };
        options.AddArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1280,1400", "--lang=zh-CN");
        var service = ChromeDriverService.CreateDefaultService("/usr/bin", "chromedriver");
        service.HideCommandPromptWindow = true;
        service.SuppressInitialDiagnosticInformation = true;
        return new ChromeDriver(service, options, TimeSpan.FromSeconds(60));
    }

    internal static void SignIn(IWebDriver browser, string baseUrl, string username, string password)
    {
        browser.Navigate().GoToUrl($"{baseUrl}/portal");
        Assert.Contains("/portal/login", browser.Url);        // not signed in: sent to the login page
        browser.FindElement(By.Name("Username")).SendKeys(username);
        browser.FindElement(By.Name("Password")).SendKeys(password);
        browser.FindElement(By.CssSelector("form.panel button[type=submit]")).Click();
    }

    static void Press(IWebDriver browser, string handler, params (string Name, string Value)[] fields)
    {
        var form = browser.FindElement(By.CssSelector($"form[action*='handler={handler}']"));
        foreach (var (name, value) in fields)
        {
            var input = form.FindElement(By.Name(name));
            ((IJavaScriptExecutor)browser).ExecuteScript("arguments[0].value = arguments[1];", input, value);
        }
        form.FindElement(By.CssSelector("button[type=submit]")).Click();
        new WebDriverWait(browser, TimeSpan.FromSeconds(10)).Until(b => b.FindElements(By.CssSelector("[role=status]")).Count > 0);
        Assert.Contains("已记录", browser.FindElement(By.CssSelector("[role=status]")).Text);
    }

    void Screenshot(IWebDriver browser, string name) => Screenshot(browser, name, output);

    internal static void Screenshot(IWebDriver browser, string name, ITestOutputHelper output)
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "screenshots");
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, name + ".png");
        ((ITakesScreenshot)browser).GetScreenshot().SaveAsFile(path);
        output.WriteLine($"screenshot: {path}");
    }

    [Fact]
    public async Task Should_let_a_clerk_and_a_supervisor_work_a_case_through_a_correction_to_a_licence_and_keep_it_from_another_departments_clerk()
    {
        var caseNo = await Gateway.SubmitAsync(JsonSerializer.SerializeToNode(DemoApplication.MedicalInsurance(Applications.NewKey()), TestGateway.Json)!);
        await Gateway.WaitForStatusAsync(caseNo, CaseStatuses.Dispatched);

        using (var browser = StartBrowser())
        {
            SignIn(browser, Gateway.Url, "yb-clerk", TestGateway.YbClerkPassword);
            var link = new WebDriverWait(browser, TimeSpan.FromSeconds(10)).Until(b => b.FindElement(By.LinkText(caseNo)));
            Screenshot(browser, "portal-inbox");
            link.Click();
            Assert.Contains("城乡居民基本医疗保险参保登记", browser.FindElement(By.TagName("h1")).Text);

            Press(browser, "Received");
            Press(browser, "Correction", ("Items", "M-YB-001-01: 户口簿缺少户主页,请重新上传\n请补充近三个月缴费记录"));
            await Gateway.WaitForStatusAsync(caseNo, CaseStatuses.AwaitingCorrection);
            browser.Navigate().Refresh();
            Assert.Contains("户口簿缺少户主页", browser.FindElement(By.Id("open-corrections")).Text);
            Screenshot(browser, "portal-case-awaiting-correction");

            var supplied = await Gateway.PostJsonAsync($"/api/applications/{caseNo}/corrections",
                new { materials = new[] { DemoApplication.Material("M-YB-001-01", "居民户口簿", "户号 410702 户主页 + 本人页") }, remarks = "缴费记录已上传" });
            Assert.Equal(System.Net.HttpStatusCode.Accepted, supplied.Response.StatusCode);
            await Gateway.WaitForAsync(caseNo, v => v.Timeline.Any(t => t.Title.Contains("round 1 delivered")));
            browser.Navigate().Refresh();
            Assert.Equal(CaseStatuses.CorrectionSupplied, browser.FindElement(By.Id("status")).Text);
            Press(browser, "Accept", ("NoticeNo", "医保受字〔2026〕21号"));
            Assert.Empty(browser.FindElements(By.CssSelector("form[action*='handler=Approve']")));  // a clerk does not decide
            Assert.Contains("负责人", browser.FindElement(By.Id("decision-note")).Text);
        }

        var licenceFile = Path.Combine(Path.GetTempPath(), $"licence-{Guid.NewGuid():N}.pdf");
        await File.WriteAllBytesAsync(licenceFile, "%PDF-1.4\n% 参保登记凭证\n%%EOF\n"u8.ToArray());
        using (var lead = StartBrowser())
        {
            SignIn(lead, Gateway.Url, "yb-lead", TestGateway.YbLeadPassword);
            new WebDriverWait(lead, TimeSpan.FromSeconds(10)).Until(b => b.FindElement(By.LinkText(caseNo))).Click();
            Press(lead, "Approve", ("Remarks", "符合参保条件"));
            lead.FindElement(By.CssSelector("form[action*='handler=Licence'] input[type=file]")).SendKeys(licenceFile);
            Press(lead, "Licence", ("LicenceNo", "YB-BROWSER-0001"), ("ValidFrom", DateTime.UtcNow.AddHours(8).ToString("yyyy-MM-dd")));

            var view = await Gateway.WaitForStatusAsync(caseNo, CaseStatuses.Completed);
            Assert.Equal("YB-BROWSER-0001", view.LicenceNo);
            lead.Navigate().Refresh();
            Assert.Equal(CaseStatuses.Completed, lead.FindElement(By.Id("status")).Text);
            Assert.Empty(lead.FindElements(By.CssSelector("form[action*='handler=Accept']")));  // a finished case offers no more actions
            Screenshot(lead, "portal-case-completed");
            lead.FindElement(By.LinkText("← 收件箱")).Click();                                 // the finished case left the open work…
            Assert.Empty(lead.FindElements(By.LinkText(caseNo)));
            lead.FindElement(By.Id("tab-finished")).Click();                                    // …for the finished tab
            new WebDriverWait(lead, TimeSpan.FromSeconds(10)).Until(b => b.FindElement(By.LinkText(caseNo)));
            Assert.Equal("page", lead.FindElement(By.Id("tab-finished")).GetAttribute("aria-current"));
            Screenshot(lead, "portal-inbox-finished");
            var file = await Gateway.Http.GetAsync("/api/licences/YB-BROWSER-0001/file");
            Assert.Equal(await File.ReadAllBytesAsync(licenceFile), await file.Content.ReadAsByteArrayAsync());
        }

        using (var other = StartBrowser())
        {
            SignIn(other, Gateway.Url, "ga-clerk", TestGateway.GaClerkPassword);
            new WebDriverWait(other, TimeSpan.FromSeconds(10)).Until(b => b.FindElement(By.TagName("h1")).Text.Contains("收件箱"));
            Assert.DoesNotContain(caseNo, other.PageSource);                                  // not in their inbox
            other.Navigate().GoToUrl($"{Gateway.Url}/portal/cases/{caseNo}");                   // nor by direct URL
            Assert.DoesNotContain("城乡居民基本医疗保险参保登记", other.PageSource);
            Assert.Empty(other.FindElements(By.CssSelector("form[action*='handler=Received']")));
        }
    }
}
