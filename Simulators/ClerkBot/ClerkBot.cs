using System.Collections.Concurrent;
using System.Net;
using System.Text.RegularExpressions;
using System.Threading.Channels;
using Gateway.Simulators.Common;
using Microsoft.Extensions.Logging;

namespace Gateway.Simulators.ClerkBot;

/// <summary>
/// A scriptable clerk of a department without a system: signs in to the gateway's portal over HTTP like a browser (cookie,
/// anti-forgery tokens), watches the inbox, and works each new case: receipt, correction notices (as many rounds as its behaviour
/// asks, picking the case up again when the corrections arrive), acceptance, then approval and licence, or refusal, or
/// non-acceptance. A bundle member in pre-review (预审) is accepted and left until its prerequisites' results arrive, then decided.
/// Decisions are a supervisor's: with a supervisor account the bot records them in a second session as that
/// supervisor. For demos and load; it reads the same pages a person does. With <c>clerks</c> above one it stands for that many
/// clerks of the department sharing the accounts: each case the inbox shows is taken by one of them as soon as one is free, several cases at once.
/// </summary>
public sealed partial class ClerkBot(string gatewayUrl, string username, string password, DepartmentState state, ILogger logger,
    string? supervisorUsername = null, string? supervisorPassword = null, int clerks = 1)
{
    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();

    [GeneratedRegex("<a href=\"/portal/cases/(?<case>[0-9A-Za-z-]+)\">[^<]*</a></td>(?:\\s*<td>[^<]*</td>){4}\\s*<td>(?<status>[A-Za-z]+)</td>")]
    private static partial Regex InboxRow();

    sealed record Session(HttpClient Http, string Username, string Password);

    // Per case, the correction round whose supplied corrections the bot has worked (the inbox may show a case as CorrectionSupplied
    // for a moment after the bot acted on it).
    readonly ConcurrentDictionary<string, int> _roundWorked = new(StringComparer.Ordinal);
    // When the bot last recorded something on each case: a case it worked that has not moved since is picked up again.
    readonly ConcurrentDictionary<string, DateTime> _lastActed = new(StringComparer.Ordinal);
    static readonly TimeSpan PickUpAfter = TimeSpan.FromSeconds(5);
    // Cases accepted in pre-review, waiting for their prerequisites' results before the decision.
    readonly ConcurrentDictionary<string, bool> _awaitingRelease = new(StringComparer.Ordinal);
    // Cases a clerk has taken and not finished: the inbox keeps showing them meanwhile.
    readonly ConcurrentDictionary<string, bool> _inHand = new(StringComparer.Ordinal);
    readonly int _clerks = clerks >= 1 ? clerks : throw new ArgumentOutOfRangeException(nameof(clerks), clerks, "a department has at least one clerk");
    Session _clerk = null!;
    Session _supervisor = null!;

    public async Task RunAsync(CancellationToken ct)
    {
        Session Open(string user, string pass) =>
            new(new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer() }) { BaseAddress = new Uri(gatewayUrl) }, user, pass);
        _clerk = Open(username, password);
        _supervisor = supervisorUsername is { Length: > 0 } && supervisorPassword is { Length: > 0 } ? Open(supervisorUsername, supervisorPassword) : _clerk;
        // The clerks take the work the inbox shows one piece at a time, each as soon as they are free: a clerk does not wait for the
        // others to finish what they took before the inbox is looked at again.
        var work = Channel.CreateUnbounded<(string CaseNo, Func<Task> Piece)>(new UnboundedChannelOptions { SingleWriter = true });
        var clerks = Enumerable.Range(0, _clerks).Select(_ => Task.Run(() => ClerkAsync(work.Reader, ct), CancellationToken.None)).ToList();
        try
        {
            while (!ct.IsCancellationRequested)
            {
                try
                {
                    var inbox = await PageAsync(_clerk, "/portal", ct);
                    foreach (var (caseNo, piece) in WorkShown(inbox, ct))
                        if (_inHand.TryAdd(caseNo, true)) work.Writer.TryWrite((caseNo, piece));
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
        finally
        {
            work.Writer.TryComplete();
            await Task.WhenAll(clerks);
        }
    }

    /// <summary>What the inbox asks for, one piece of work per case not already in a clerk's hands.</summary>
    IEnumerable<(string CaseNo, Func<Task> Piece)> WorkShown(string inbox, CancellationToken ct)
    {
        foreach (Match row in InboxRow().Matches(inbox))
        {
            var caseNo = row.Groups["case"].Value;
            var status = row.Groups["status"].Value;
            if (_inHand.ContainsKey(caseNo)) continue;
            if (status == "Dispatched" && state.Find(caseNo) is null) yield return (caseNo, () => WorkAsync(caseNo, ct));
            else if (status is "DepartmentReceived" or "Accepted" or "Approved" or "CorrectionSupplied" && state.Find(caseNo) is null)
                yield return (caseNo, () => AdoptAsync(caseNo, status, ct));
            else if (status is "Dispatched" or "DepartmentReceived" or "Accepted" or "Approved" && state.Find(caseNo) is not null
                     && !_awaitingRelease.ContainsKey(caseNo) && Quiet(caseNo))
                yield return (caseNo, () => ResumeAsync(caseNo, status, ct));
            else if (status == "CorrectionSupplied" && state.Find(caseNo) is { } held && _roundWorked.GetValueOrDefault(caseNo) < held.CorrectionRound)
            {
                _roundWorked[caseNo] = held.CorrectionRound;
                yield return (caseNo, () => WorkAsync(caseNo, ct));
            }
        }
        foreach (var caseNo in _awaitingRelease.Keys.Order(StringComparer.Ordinal))
        {
            if (_inHand.ContainsKey(caseNo)) continue;
            yield return (caseNo, async () =>
            {
                var page = await PageAsync(_clerk, $"/portal/cases/{caseNo}", ct);
                if (page.Contains("id=\"pre-review\"", StringComparison.Ordinal)) return;
                _awaitingRelease.TryRemove(caseNo, out _);
                if (page.Contains("name=\"Reasons\"", StringComparison.Ordinal)) await DecideAsync(caseNo, ct);   // still open (not withdrawn or stopped)
            });
        }
    }

    /// <summary>One clerk: works the pieces the inbox showed, one after another, until the bot stops.</summary>
    async Task ClerkAsync(ChannelReader<(string CaseNo, Func<Task> Piece)> work, CancellationToken ct)
    {
        try
        {
            await foreach (var (caseNo, piece) in work.ReadAllAsync(ct))
            {
                try
                {
                    await piece();
                }
                catch (Exception ex) when (ex is HttpRequestException or InvalidOperationException)
                {
                    logger.LogInformation("Clerk {Username} could not finish case {CaseNo} now: {Message}", username, caseNo, ex.Message);
                }
                catch (Exception ex) when (!ct.IsCancellationRequested)
                {
                    // Whatever went wrong with one case (a request timing out, a page not as expected), the clerk goes on with the next;
                    // the case is picked up again once it has been quiet a while.
                    logger.LogWarning(ex, "Clerk {Username} stopped working case {CaseNo}", username, caseNo);
                }
                finally
                {
                    _inHand.TryRemove(caseNo, out _);
                }
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
    }

    /// <summary>
    /// A page of the portal as the session sees it; a session the portal sent to its sign-in page (not signed in yet, or its sign-in
    /// expired) signs in and opens the page again, as a person would.
    /// </summary>
    async Task<string> PageAsync(Session session, string path, CancellationToken ct)
    {
        for (var attempt = 0; ; attempt++)
        {
            using var response = await session.Http.GetAsync(path, ct);
            if (response.RequestMessage?.RequestUri?.AbsolutePath == "/portal/login" && path != "/portal/login" && attempt == 0)
            {
                await SignInAsync(session, ct);
                continue;
            }
            response.EnsureSuccessStatusCode();
            return await response.Content.ReadAsStringAsync(ct);
        }
    }

    async Task SignInAsync(Session session, CancellationToken ct)
    {
        // The bad-credentials fault: the clerk types the wrong password.
        var password = state.Behaviour.Fault == SimulatorBehaviour.Faults.BadCredentials ? session.Password + "-wrong" : session.Password;
        var (_, html) = await PostAsync(session, "/portal/login", "/portal/login",
            new() { ["Username"] = session.Username, ["Password"] = password }, ct);
        if (html.Contains("用户名或密码错误", StringComparison.Ordinal))
            throw new InvalidOperationException($"the portal refused {session.Username}'s password");
    }

    /// <summary>Works a new case, or one whose corrections arrived, as far as the department can take it now.</summary>
    async Task WorkAsync(string caseNo, CancellationToken ct, bool? receipt = null)
    {
        var behaviour = state.Behaviour;
        var held = state.Find(caseNo);
        var (stored, _) = state.Take(caseNo, held?.CorrectionRound ?? 0, false,
            () => new SimulatedCase(caseNo, state.NextReference("CLERK"), "", "", "", DateTime.UtcNow, 1, []));
        var page = $"/portal/cases/{caseNo}";
        // The case page as the clerk last saw it: after a form is sent the portal shows the page again, with the next forms on it.
        string? shown = null;
        async Task Step(Session session, string handler, Dictionary<string, string> fields, string type) =>
            shown = await StepAsync(caseNo, session, handler, fields, type, behaviour.StepDelayMs, ct, shown);

        if (held is null && behaviour.Fault == SimulatorBehaviour.Faults.LateReply) await Task.Delay(behaviour.LateReplyMs, ct);
        if (receipt ?? held is null) await Step(_clerk, "Received", [], "received");
        if (stored.CorrectionRound < behaviour.CorrectionRounds)
        {
            await Step(_clerk, "Correction", new() { ["Items"] = "请补充提交近期参保缴费证明", ["Method"] = "online" }, "correctionRequired");
            state.Take(caseNo, stored.CorrectionRound + 1, false, () => stored);
            return;
        }
        if (behaviour.Outcome == SimulatorBehaviour.Outcomes.NotAccept)
        {
            await Step(_clerk, "NotAccept", new() { ["Reasons"] = "申请人不属于本统筹区参保范围" }, "notAccepted");
            return;
        }
        await Step(_clerk, "Accept", new() { ["NoticeNo"] = $"受理字〔{DateTime.UtcNow:yyyy}〕{stored.Reference[^6..]}号" }, "accepted");
        if ((shown ?? await PageAsync(_clerk, page, ct)).Contains("id=\"pre-review\"", StringComparison.Ordinal))
        {
            _awaitingRelease[caseNo] = true;
            return;
        }
        await DecideAsync(caseNo, ct);
    }

    bool Quiet(string caseNo) => !_lastActed.TryGetValue(caseNo, out var at) || DateTime.UtcNow - at > PickUpAfter;

    /// <summary>
    /// Picks up a case the bot's work on stopped half-way (the portal went away between two steps, as when the gateway restarts): as a
    /// clerk finds it in the inbox, at the step it stands at.
    /// </summary>
    async Task ResumeAsync(string caseNo, string status, CancellationToken ct)
    {
        logger.LogInformation("Clerk {Username} picks up case {CaseNo} again at {Status}", username, caseNo, status);
        _lastActed[caseNo] = DateTime.UtcNow;
        switch (status)
        {
            case "Dispatched":
            case "DepartmentReceived":
                await WorkAsync(caseNo, ct, receipt: status == "Dispatched");
                break;
            case "Accepted":
                if ((await PageAsync(_clerk, $"/portal/cases/{caseNo}", ct)).Contains("id=\"pre-review\"", StringComparison.Ordinal))
                    _awaitingRelease[caseNo] = true;
                else await DecideAsync(caseNo, ct);
                break;
            case "Approved":
                await LicenceAsync(caseNo, ct);
                break;
        }
    }

    /// <summary>
    /// Takes over a case worked half-way by a clerk the bot does not remember (the bot restarted without its journal, or another clerk
    /// began it): as a person finds it in the inbox, at the step it stands at. Corrections that arrived are examined as the last round.
    /// </summary>
    async Task AdoptAsync(string caseNo, string status, CancellationToken ct)
    {
        logger.LogInformation("Clerk {Username} takes over case {CaseNo} at {Status}", username, caseNo, status);
        var round = status == "CorrectionSupplied" ? state.Behaviour.CorrectionRounds : 0;
        state.Take(caseNo, round, false, () => new SimulatedCase(caseNo, state.NextReference("CLERK"), "", "", "", DateTime.UtcNow, 1, [], round));
        if (status == "CorrectionSupplied")
        {
            _roundWorked[caseNo] = round;
            await WorkAsync(caseNo, ct, receipt: false);
        }
        else await ResumeAsync(caseNo, status, ct);
    }

    /// <summary>Records the decision of an accepted case as the behaviour says: refusal, or approval and licence.</summary>
    async Task DecideAsync(string caseNo, CancellationToken ct)
    {
        var behaviour = state.Behaviour;
        var stored = state.Find(caseNo)!;
        var page = $"/portal/cases/{caseNo}";
        Task<string> Step(Session session, string handler, Dictionary<string, string> fields, string type) =>
            StepAsync(caseNo, session, handler, fields, type, behaviour.StepDelayMs, ct);
        if (behaviour.Outcome == SimulatorBehaviour.Outcomes.Refuse)
        {
            await Step(_supervisor, "Refuse", new() { ["Reasons"] = "已在其他统筹区参保,不得重复参保" }, "refused");
            return;
        }
        var approved = await Step(_supervisor, "Approve", new() { ["Remarks"] = "准予参保登记" }, "approved");
        await LicenceAsync(caseNo, ct, approved);
    }

    /// <summary>Records the licence of an approved case (<paramref name="shown"/>: the case page as the supervisor last saw it, if they did).</summary>
    async Task LicenceAsync(string caseNo, CancellationToken ct, string? shown = null)
    {
        var behaviour = state.Behaviour;
        var stored = state.Find(caseNo)!;
        var today = DateTime.UtcNow.AddHours(8).ToString("yyyy-MM-dd");
        var licence = new Dictionary<string, string> { ["LicenceNo"] = $"YB{stored.Reference.Replace("-", "")}", ["ValidFrom"] = today, ["ValidUntil"] = "" };
        if (behaviour.Fault == SimulatorBehaviour.Faults.MissingLicenceField) licence["LicenceType"] = "";   // left blank: the portal refuses it
        await StepAsync(caseNo, _supervisor, "Licence", licence, "licenceIssued", behaviour.StepDelayMs, ct, shown);
        logger.LogInformation("Clerk {Username} completed case {CaseNo}", username, caseNo);
    }

    /// <summary>
    /// Posts one form of the case page (after the behaviour's step delay) and checks the portal recorded it; returns the page the portal
    /// showed next. The form is filled in on <paramref name="shown"/>, the page as this session last saw it, or on the page opened now.
    /// </summary>
    async Task<string> StepAsync(string caseNo, Session session, string handler, Dictionary<string, string> fields, string type, int delayMs,
        CancellationToken ct, string? shown = null)
    {
        if (delayMs > 0) await Task.Delay(delayMs, ct);
        _lastActed[caseNo] = DateTime.UtcNow;
        var page = $"/portal/cases/{caseNo}";
        var (status, html) = await PostAsync(session, page, $"{page}?handler={handler}", fields, ct, shown);
        if (status != HttpStatusCode.OK || !html.Contains("已记录", StringComparison.Ordinal))
            throw new InvalidOperationException($"the portal did not record {handler} on {caseNo}");
        state.NoteReport(caseNo, type);
        return html;
    }

    async Task<(HttpStatusCode, string)> PostAsync(Session session, string formPage, string action, Dictionary<string, string> fields,
        CancellationToken ct, string? shown = null)
    {
        var html = shown is not null && TokenPattern().IsMatch(shown) ? shown : await PageAsync(session, formPage, ct);
        var token = TokenPattern().Match(html);
        if (!token.Success) throw new InvalidOperationException($"no form token on {formPage}");
        fields["__RequestVerificationToken"] = WebUtility.HtmlDecode(token.Groups[1].Value);
        if (action.Contains("handler=Licence", StringComparison.Ordinal) && !fields.ContainsKey("LicenceType"))
        {
            var type = Regex.Match(html, "name=\"LicenceType\" value=\"([^\"]*)\"");
            fields["LicenceType"] = WebUtility.HtmlDecode(type.Groups[1].Value);
        }
        using var response = await session.Http.PostAsync(action, new FormUrlEncodedContent(fields), ct);
        return (response.StatusCode, await response.Content.ReadAsStringAsync(ct));
    }
}
