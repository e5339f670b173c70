using System.Net;
using Gateway.Contracts.Status;
using Gateway.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Xunit;

namespace Gateway.Tests.Component;

public class IntakeWithTheSameIdempotencyKey : OnEmbeddedGateway
{

    [Fact]
    public async Task Should_return_the_same_case_and_open_no_second_one()
    {
        var key = Applications.NewKey();
        var first = await Gateway.SubmitAsync(Applications.Valid(key));
        var second = await Gateway.SubmitAsync(Applications.Valid(key));
        Assert.Equal(first, second);

        await Gateway.WaitForStatusAsync(first, CaseStatuses.Completed);
        var third = await Gateway.SubmitAsync(Applications.Valid(key)); // still the same after completion
        Assert.Equal(first, third);

        await using var db = Gateway.Db();
        Assert.Equal(1, await db.Applications.CountAsync(a => a.IdempotencyKey == key));
        Assert.Equal(1, await db.Cases.CountAsync(c => c.CaseNo == first));
        Assert.Single(Gateway.Scjg.Cases, c => c.CaseNo == first);
    }

    [Fact]
    public async Task Should_make_one_case_of_concurrent_submissions()
    {
        var key = Applications.NewKey();
        var caseNos = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Gateway.SubmitAsync(Applications.Valid(key))));
        Assert.Single(caseNos.Distinct());
        await using var db = Gateway.Db();
        Assert.Equal(1, await db.Applications.CountAsync(a => a.IdempotencyKey == key));
    }

    [Fact]
    public async Task Should_refuse_a_different_application_under_a_used_key()
    {
        var key = Applications.NewKey();
        await Gateway.SubmitAsync(Applications.Valid(key));
        var (response, body) = await Gateway.PostJsonAsync("/api/applications", Applications.With(a => a["applicant"]!["name"] = "王五", key));
        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("different application", body);
    }
}
