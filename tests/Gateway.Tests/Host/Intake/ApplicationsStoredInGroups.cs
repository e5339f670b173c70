using Gateway.Host.Intake;
using Gateway.Host.Messaging.Outbox;
using Gateway.Host.Persistence;
using Gateway.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit;

namespace Gateway.Tests.Host.Intake;

/// <summary>
/// Complete applications that arrive while a transaction commits are stored together in the next, each numbered from its own row's key.
/// One whose idempotency key is taken, or whose own work fails, fails alone; its neighbours are kept.
/// </summary>
public sealed class ApplicationsStoredInGroups
{
    static readonly TimeSpan Answered = TimeSpan.FromSeconds(30);

    static async Task<(IDbContextFactory<GatewayDbContext> Factory, HeldCommit Commits, CommandTexts Commands)> DatabaseAsync(string provider)
    {
        var commits = new HeldCommit();
        var commands = new CommandTexts();
        var factory = provider == DatabaseOptions.Postgres
            ? await TestDatabases.PostgresWithAsync(commits, commands)
            : await TestDatabases.SqliteWithAsync(commits, commands);
        return (factory, commits, commands);
    }

    static ApplicationRecord Application(string key) => new()
    {
        CaseId = Guid.NewGuid(), CaseNo = "pending-" + Guid.NewGuid().ToString("N"), IdempotencyKey = key, RequestHash = "h", ItemCode = "410700-SCJG-001",
        ItemName = "个体工商户设立登记", DepartmentCode = "SCJG", RegionCode = "410700", WindowId = "W1", ApplicantName = "张三", Payload = "{}",
        SubmittedAt = DateTime.UtcNow,
    };

    /// <summary>What the intake adds once the row has its key: the case number and the event for the case saga.</summary>
    static void Numbered(GatewayDbContext unit, ApplicationRecord stored)
    {
        stored.CaseNo = CaseNumbers.Format(stored.RegionCode, stored.SubmittedAt, stored.Id);
        OutboxWriter.Publish(unit, new Gateway.Contracts.Messages.ApplicationApproved(stored.CaseId, "probe", "SCJG", null, DateTime.UtcNow), stored.CaseId);
    }

    static IntakeGroupCommit Writer(IDbContextFactory<GatewayDbContext> factory) =>
        new(factory, new OutboxSignal(), NullLogger<IntakeGroupCommit>.Instance);

    [Theory]
    [InlineData(DatabaseOptions.Sqlite)]
    [InlineData(DatabaseOptions.Postgres)]
    public async Task Should_store_the_applications_sent_during_a_commit_together_each_numbered_from_its_own_row(string provider)
    {
        var (factory, commits, commands) = await DatabaseAsync(provider);
        var writer = Writer(factory);
        commits.HoldNext();
        var first = writer.WriteAsync(Application("first"), Numbered);
        var others = Enumerable.Range(0, 30).Select(i => writer.WriteAsync(Application($"k{i}"), Numbered)).ToList();
        commits.Release();
        await Task.WhenAll(others.Append(first)).WaitAsync(Answered);

        await using var db = await factory.CreateDbContextAsync();
        var stored = await db.Applications.ToListAsync();
        Assert.Equal(31, stored.Count);
        Assert.All(stored, a => Assert.Equal(CaseNumbers.Format(a.RegionCode, a.SubmittedAt, a.Id), a.CaseNo));
        Assert.Equal(31, stored.Select(a => a.CaseNo).Distinct().Count());
        Assert.Equal(31, await db.Outbox.CountAsync());
        // The first alone, then the thirty that queued behind it in one more.
        Assert.Equal(2, commits.Commits);
        // On PostgreSQL the keys are taken before the inserts: each row is written once, with its case number.
        if (provider == DatabaseOptions.Postgres)
            Assert.DoesNotContain(commands.All, c => c.Contains("UPDATE applications", StringComparison.Ordinal));
        else
            Assert.Contains(commands.All, c => c.Contains("UPDATE \"applications\"", StringComparison.Ordinal) || c.Contains("UPDATE applications", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(DatabaseOptions.Sqlite)]
    [InlineData(DatabaseOptions.Postgres)]
    public async Task Should_fail_only_the_application_whose_key_is_taken_or_whose_own_work_throws(string provider)
    {
        var (factory, commits, _) = await DatabaseAsync(provider);
        var writer = Writer(factory);
        await writer.WriteAsync(Application("sent-before"), Numbered);

        commits.HoldNext();
        var holder = writer.WriteAsync(Application("holder"), Numbered);
        var fresh = Enumerable.Range(0, 8).Select(i => writer.WriteAsync(Application($"new{i}"), Numbered)).ToList();
        var repeat = writer.WriteAsync(Application("sent-before"), Numbered);
        var broken = writer.WriteAsync(Application("broken"), (_, _) => throw new InvalidOperationException("its own work failed"));
        commits.Release();

        await holder.WaitAsync(Answered);
        await Task.WhenAll(fresh).WaitAsync(Answered);
        await Assert.ThrowsAsync<DbUpdateException>(() => repeat.WaitAsync(Answered));
        Assert.Equal("its own work failed", (await Assert.ThrowsAsync<InvalidOperationException>(() => broken.WaitAsync(Answered))).Message);

        await using var db = await factory.CreateDbContextAsync();
        Assert.Equal(10, await db.Applications.CountAsync());
        Assert.Equal(1, await db.Applications.CountAsync(a => a.IdempotencyKey == "sent-before"));
        Assert.False(await db.Applications.AnyAsync(a => a.IdempotencyKey == "broken"));
        Assert.Equal(10, await db.Outbox.CountAsync());
    }
}
