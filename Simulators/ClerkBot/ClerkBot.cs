using System.Net;
using System.Text.RegularExpressions;
using Gateway.Simulators.Common;
using Microsoft.Extensions.Logging;

namespace Gateway.Simulators.ClerkBot;

/// <summary>
/// A scriptable clerk of a department without a system: signs in to the gateway's portal over HTTP like a browser (cookie,
/// anti-forgery tokens), watches the inbox, and works each new case: receipt, acceptance, then approval and licence, or refusal,
/// or non-acceptance, as its behaviour says. For demos and load; it reads the same pages a person does.
/// </summary>
public sealed partial class ClerkBot(string gatewayUrl, string username, string password, DepartmentState state, ILogger logger)
{
    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();

    [GeneratedRegex("<a href=\"/portal/cases/(?<case>[0-9A-Za-z-]+)\">[^<]*</a></td>(?:\\s*<td>[^<]*</td>){4}\\s*<td>(?<status>[A-Za-z]+)</td>")]
    private static partial Regex InboxRow();

    HttpClient _http = null!;

    public async Task RunAsync(CancellationToken ct)
    {
        _http = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer() }) { BaseAddress = new Uri(gatewayUrl) };
        while (!ct.IsCancellationRequested)
        {
            try
            {
                if (!await SignedInAsync(ct)) await SignInAsync(ct);
                var inbox = await _http.GetStringAsync("/portal", ct);
                foreach (Match row in InboxRow().Matches(inbox))
                    if (row.Groups["status"].Value == "Dispatched" && state.Find(row.Groups["case"].Value) is null)
                        await WorkAsync(row.Groups["case"].Value, ct);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is HttpRequestException or InvalidOperationException)
            {
                logger.LogInformation("Clerk {Username} cannot reach the portal yet: {Message}", username, ex.Message);
            }
            await Task.Delay(300, ct).ContinueWith(_ => { }, CancellationToken.None);
        }
    }

    async Task<bool> SignedInAsync(CancellationToken ct)
    {
        using var response = await _http.GetAsync("/portal", ct);
        return response.RequestMessage?.RequestUri?.AbsolutePath == "/portal" && response.IsSuccessStatusCode;
    }

    async Task SignInAsync(CancellationToken ct)
    {
        var (_, html) = await PostAsync("/portal/login", "/portal/login", new() { ["Username"] = username, ["Password"] = password }, ct);
        if (html.Contains("用户名或密码错误", StringComparison.Ordinal)) throw new InvalidOperationException($"the portal refused {username}'s password");
    }

    async Task WorkAsync(string caseNo, CancellationToken ct)
    {
        var behaviour = state.Behaviour;
        var (stored, _) = state.Take(caseNo, () => new SimulatedCase(caseNo, state.NextReference("CLERK"), "", "", "", DateTime.UtcNow, 1, []));
        var page = $"/portal/cases/{caseNo}";
        async Task Step(string handler, Dictionary<string, string> fields, string type)
        {
            if (behaviour.StepDelayMs > 0) await Task.Delay(behaviour.StepDelayMs, ct);
            var (status, html) = await PostAsync(page, $"{page}?handler={handler}", fields, ct);
            if (status != HttpStatusCode.OK || !html.Contains("已记录", StringComparison.Ordinal))
                throw new InvalidOperationException($"the portal did not record {handler} on {caseNo}");
            state.NoteReport(caseNo, type);
        }

        await Step("Received", [], "received");
        if (behaviour.Outcome == SimulatorBehaviour.Outcomes.NotAccept)
        {
            await Step("NotAccept", new() { ["Reasons"] = "申请人不属于本统筹区参保范围" }, "notAccepted");
            return;
        }
        await Step("Accept", new() { ["NoticeNo"] = $"受理字〔{DateTime.UtcNow:yyyy}〕{stored.Reference[^6..]}号" }, "accepted");
        if (behaviour.Outcome == SimulatorBehaviour.Outcomes.Refuse)
        {
            await Step("Refuse", new() { ["Reasons"] = "已在其他统筹区参保,不得重复参保" }, "refused");
            return;
        }
        await Step("Approve", new() { ["Remarks"] = "准予参保登记" }, "approved");
        var today = DateTime.UtcNow.AddHours(8).ToString("yyyy-MM-dd");
        await Step("Licence", new() { ["LicenceNo"] = $"YB{stored.Reference.Replace("-", "")}", ["ValidFrom"] = today, ["ValidUntil"] = "" }, "licenceIssued");
        logger.LogInformation("Clerk {Username} completed case {CaseNo}", username, caseNo);
    }

    async Task<(HttpStatusCode, string)> PostAsync(string formPage, string action, Dictionary<string, string> fields, CancellationToken ct)
    {
        var html = await _http.GetStringAsync(formPage, ct);
        var token = TokenPattern().Match(html);
        if (!token.Success) throw new InvalidOperationException($"no form token on {formPage}");
        fields["__RequestVerificationToken"] = WebUtility.HtmlDecode(token.Groups[1].Value);
        if (action.Contains("handler=Licence", StringComparison.Ordinal) && !fields.ContainsKey("LicenceType"))
        {
            var type = Regex.Match(html, "name=\"LicenceType\" value=\"([^\"]*)\"");
            fields["LicenceType"] = WebUtility.HtmlDecode(type.Groups[1].Value);
        }
        using var response = await _http.PostAsync(action, new FormUrlEncodedContent(fields), ct);
        return (response.StatusCode, await response.Content.ReadAsStringAsync(ct));
    }
}
