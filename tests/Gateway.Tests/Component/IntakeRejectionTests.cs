using System.Net.Http.Json;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Gateway.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Xunit;

namespace Gateway.Tests.Component;

/// <summary>Every bad application gets a problem response naming what is wrong, and leaves nothing behind.</summary>
public class IntakeOfBadApplications : OnEmbeddedGateway
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?> { ["Intake:MaxBodyBytes"] = "200000" };

    public static TheoryData<string, string, int, string> BadBodies => new()
    {
        { "malformed JSON", "{\"idempotencyKey\": \"abc-12345678\", \"itemCode\": ", 400, "Malformed JSON" },
        { "not an object", "[1,2,3]", 400, "Malformed JSON" },
        { "unknown item", Spoil(a => a["itemCode"] = "410700-NOPE-001"), 422, "not in the catalogue" },
        { "bad ID check digit", Spoil(a => a["applicant"]!["idNumber"] = "410702199003071234"), 422, "wrong check digit" },
        { "hash mismatch", Spoil(a => a["materials"]![0]!["sha256"] = new string('a', 64)), 422, "does not match" },
        { "material outside the list", Spoil(a => a["materials"]![0]!["code"] = "M-OTHER"), 422, "not on the material list" },
    };

    static string Spoil(Action<JsonObject> change) => Applications.With(change).ToJsonString();

    [Theory]
    [MemberData(nameof(BadBodies))]
    public async Task Should_answer_with_a_problem_and_store_nothing(string why, string body, int status, string expected)
    {
        var (response, text) = await Gateway.PostRawAsync("/api/applications", body);

        Assert.True(status == (int)response.StatusCode, $"{why}: expected {status}, got {(int)response.StatusCode} {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(expected, text);
        var problem = JsonDocument.Parse(text).RootElement;
        Assert.Equal(status, problem.GetProperty("status").GetInt32());

        await using var db = Gateway.Db();
        Assert.Equal(0, await db.Applications.CountAsync());
        Assert.Equal(0, await db.Outbox.CountAsync());
        Assert.Equal(0, await db.Timeline.CountAsync());
    }

    [Fact]
    public async Task Should_give_field_level_errors()
    {
        var (response, text) = await Gateway.PostRawAsync("/api/applications", Spoil(a =>
        {
            a["applicant"]!["idNumber"] = "410702199003071234";
            a["materials"]![1]!["sha256"] = "zz";
        }));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var errors = JsonDocument.Parse(text).RootElement.GetProperty("errors");
        Assert.True(errors.TryGetProperty("applicant.idNumber", out _));
        Assert.True(errors.TryGetProperty("materials[1].sha256", out _));
    }

    [Fact]
    public async Task Should_refuse_a_body_over_the_limit_with_413()
    {
        var huge = Spoil(a => a["formData"]!["notes"] = new string('x', 300_000));
        var (response, text) = await Gateway.PostRawAsync("/api/applications", huge);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("Request too large", text);
        await using var db = Gateway.Db();
        Assert.Equal(0, await db.Applications.CountAsync());
    }

    [Fact]
    public async Task Should_answer_404_for_an_unknown_case()
    {
        var response = await Gateway.Http.GetAsync("/api/applications/410702202611239999999");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }
}

/// <summary>Intake's rate limit per applying window: one window over its limit is refused (429, nothing stored); the others are not.</summary>
public class IntakeRateLimitPerWindow : OnEmbeddedGateway
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?> { ["Intake:PerWindowPerMinute"] = "5" };

    [Fact]
    public async Task Should_refuse_a_window_over_its_limit_and_store_nothing_while_other_windows_go_on()
    {
        for (var i = 0; i < 5; i++) await Gateway.SubmitAsync(Applications.Valid());
        var over = Applications.Valid();
        var (response, body) = await Gateway.PostJsonAsync("/api/applications", over);
        Assert.Equal((System.Net.HttpStatusCode)429, response.StatusCode);
        Assert.Contains("rate-limited", body);
        Assert.True(response.Headers.RetryAfter is not null);
        var other = Applications.Valid();
        other["applyingWindow"]!["windowId"] = "HQ-WIN-99";
        await Gateway.SubmitAsync(other);
        await using var db = Gateway.Db();
        Assert.Equal(6, await db.Applications.CountAsync());
        Assert.False(await db.Applications.AnyAsync(a => a.IdempotencyKey == (string)over["idempotencyKey"]!));
    }

    [Fact]
    public async Task Should_not_let_one_channel_spend_another_channels_allowance_by_naming_its_window()
    {
        for (var i = 0; i < 5; i++) await Gateway.SubmitAsync(Applications.Valid());
        using var otherChannel = Gateway.ClientWith(Gateway.Token("platform", ["submit", "read"], subject: "another-platform"));

        var response = await otherChannel.PostAsJsonAsync("/api/applications", Applications.Valid());

        Assert.Equal((System.Net.HttpStatusCode)202, response.StatusCode);
    }
}
