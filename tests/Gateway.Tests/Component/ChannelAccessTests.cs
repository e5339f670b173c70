using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using Gateway.Contracts.Status;
using Gateway.Host.Channels;
using Gateway.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Xunit;

namespace Gateway.Tests.Component;

/// <summary>
/// Every window, applicant and platform endpoint wants an OAuth 2.0 bearer token of the province's identity provider with the right
/// scope; a window acts on the cases of its region, an applicant channel on its own applicant's; knowing a number grants nothing.
/// </summary>
public class ChannelAccess : OnEmbeddedGateway
{
    const string Case = "{case}", Bundle = "4107022026113099999999", Licence = "{licence}", Notice = "N-UNKNOWN";

    public static TheoryData<string, string> Endpoints => new()
    {
        { "POST", "/api/applications" }, { "GET", $"/api/applications/{Case}" }, { "POST", $"/api/applications/{Case}/corrections" },
        { "POST", $"/api/applications/{Case}/supplements" }, { "POST", $"/api/applications/{Case}/paper-posting" },
        { "POST", $"/api/applications/{Case}/withdrawal" }, { "POST", $"/api/applications/{Case}/delivery" }, { "POST", $"/api/applications/{Case}/rating" },
        { "GET", $"/api/bundles/{Bundle}" }, { "GET", $"/api/bundles/{Bundle}/graph.svg" }, { "POST", $"/api/bundles/{Bundle}/withdrawal" },
        { "POST", $"/api/bundles/{Bundle}/delivery" }, { "GET", $"/api/notices/{Notice}" }, { "GET", "/api/licences?holderIdNumber=11010519491231002X" },
        { "GET", $"/api/licences/{Licence}" }, { "GET", $"/api/licences/{Licence}/file" }, { "GET", $"/api/licences/{Licence}/print?windowId=W1" },
        { "POST", $"/api/licences/{Licence}/verify" }, { "GET", "/api/feed?after=0" },
    };

    async Task<(string CaseNo, string ApplicantId, string LicenceNo)> CompletedCaseAsync()
    {
        var application = Applications.Valid();
        var caseNo = await Gateway.SubmitAsync(application);
        var view = await Gateway.WaitForStatusAsync(caseNo, CaseStatuses.Completed);
        return (caseNo, application["applicant"]!["idNumber"]!.GetValue<string>(), view.LicenceNo!);
    }

    static HttpRequestMessage Request(string method, string path, string caseNo, string licenceNo) =>
        new(new HttpMethod(method), path.Replace(Case, caseNo).Replace(Licence, licenceNo))
        {
            Content = method == "POST" ? JsonContent.Create(new { }) : null,
        };

    [Theory]
    [MemberData(nameof(Endpoints))]
    public async Task Should_refuse_an_anonymous_caller(string method, string path)
    {
        // Authentication comes before anything is looked up: made-up numbers serve.
        var response = await Gateway.Anonymous.SendAsync(Request(method, path, "4107022026113000000001", "L-ANY"));
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Should_refuse_a_token_signed_by_another_key_or_for_another_audience()
    {
        var (caseNo, _, _) = await CompletedCaseAsync();
        var stranger = new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Gateway.App.Configuration["Channels:Issuer"], Audience = "unified-acceptance-gateway", Expires = DateTime.UtcNow.AddHours(1),
            Claims = new Dictionary<string, object> { ["sub"] = "forger", ["channel"] = "platform", ["scope"] = "read" },
            SigningCredentials = new SigningCredentials(new ECDsaSecurityKey(ECDsa.Create(ECCurve.NamedCurves.nistP256)), SecurityAlgorithms.EcdsaSha256),
        });
        using var forged = Gateway.ClientWith(stranger);
        Assert.Equal(HttpStatusCode.Unauthorized, (await forged.GetAsync($"/api/applications/{caseNo}")).StatusCode);
    }

    [Fact]
    public async Task Should_refuse_a_channel_without_the_scope()
    {
        var (caseNo, _, _) = await CompletedCaseAsync();
        using var reader = Gateway.ClientWith(Gateway.Token(ChannelCaller.Platform, [ChannelScopes.Read]));
        Assert.Equal(HttpStatusCode.OK, (await reader.GetAsync($"/api/applications/{caseNo}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await reader.PostAsJsonAsync($"/api/applications/{caseNo}/rating", new { score = 5 })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await reader.GetAsync("/api/feed?after=0")).StatusCode);
        using var windowWithFeed = Gateway.ClientWith(Gateway.Token(ChannelCaller.Window, ChannelScopes.All, region: "4107"));
        Assert.Equal(HttpStatusCode.Forbidden, (await windowWithFeed.GetAsync("/api/feed?after=0")).StatusCode);   // the platform's only
        using var unknownKind = Gateway.ClientWith(Gateway.Token("app", ChannelScopes.All));
        Assert.Equal(HttpStatusCode.Forbidden, (await unknownKind.GetAsync($"/api/applications/{caseNo}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await unknownKind.GetAsync("/api/licences?holderIdNumber=11010519491231002X")).StatusCode);
    }

    [Fact]
    public async Task Should_let_a_window_act_on_its_own_regions_cases_only()
    {
        var (caseNo, _, licenceNo) = await CompletedCaseAsync();   // taken at a window of 410702
        using var own = Gateway.ClientWith(Gateway.Token(ChannelCaller.Window, ChannelScopes.All, region: "4107"));
        using var other = Gateway.ClientWith(Gateway.Token(ChannelCaller.Window, ChannelScopes.All, region: "410103"));

        Assert.Equal(HttpStatusCode.OK, (await own.GetAsync($"/api/applications/{caseNo}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/api/applications/{caseNo}")).StatusCode);   // as if it did not exist
        Assert.Equal(HttpStatusCode.NotFound, (await other.PostAsJsonAsync($"/api/applications/{caseNo}/rating", new { score = 1 })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/api/licences/{licenceNo}")).StatusCode);
        var submitted = await other.PostAsJsonAsync("/api/applications", Applications.Valid(), TestGateway.Json);
        Assert.Equal(HttpStatusCode.Forbidden, submitted.StatusCode);                                              // a window of 410103 for 410702
        await using var db = Gateway.Db();
        Assert.Equal(1, await db.Applications.CountAsync());                                                       // nothing stored
    }

    [Fact]
    public async Task Should_let_an_applicant_channel_act_only_for_its_own_applicant()
    {
        var (caseNo, applicantId, _) = await CompletedCaseAsync();
        using var mine = Gateway.ClientWith(Gateway.Token(ChannelCaller.Applicant, ChannelScopes.All, applicantId: applicantId));
        using var someoneElse = Gateway.ClientWith(Gateway.Token(ChannelCaller.Applicant, ChannelScopes.All, applicantId: "11010519491231002X"));

        Assert.Equal(HttpStatusCode.OK, (await mine.GetAsync($"/api/applications/{caseNo}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await someoneElse.GetAsync($"/api/applications/{caseNo}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await someoneElse.PostAsJsonAsync($"/api/applications/{caseNo}/withdrawal", new { reason = "x" })).StatusCode);
        var lookup = await (await someoneElse.GetAsync($"/api/licences?holderIdNumber={applicantId}")).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(0, lookup.GetProperty("licences").GetArrayLength());                                          // another's licences: none shown
        var ownLookup = await (await mine.GetAsync($"/api/licences?holderIdNumber={applicantId}")).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(1, ownLookup.GetProperty("licences").GetArrayLength());
        var forOther = await someoneElse.PostAsJsonAsync("/api/applications", Applications.Valid(), TestGateway.Json);
        Assert.Equal(HttpStatusCode.Forbidden, forOther.StatusCode);
    }

    [Fact]
    public async Task Should_record_the_authenticated_caller_of_a_print_never_a_typed_name()
    {
        var (_, _, licenceNo) = await CompletedCaseAsync();
        using var window = Gateway.ClientWith(Gateway.Token(ChannelCaller.Window, [ChannelScopes.Print, ChannelScopes.Read], region: "410702",
            subject: "hq-window-07"));
        var page = await window.GetAsync($"/api/licences/{licenceNo}/print?windowId=HQ-WIN-07&printedBy=someone-else");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        await window.GetAsync($"/api/licences/{licenceNo}");

        await using var db = Gateway.Db();
        var accesses = await db.LicenceAccesses.Where(a => a.LicenceNo == licenceNo).OrderBy(a => a.Id).ToListAsync();
        Assert.Equal([("print", "window:hq-window-07", "HQ-WIN-07"), ("read", "window:hq-window-07", "")],
            accesses.Select(a => (a.Purpose, a.AccessedBy, a.WindowId)));
        Assert.DoesNotContain("someone-else", await page.Content.ReadAsStringAsync());
    }
}
