using Gateway.Host.Calendar;
using Gateway.Host.Cases;
using Gateway.Host.Catalogue;
using Gateway.Host.Deadlines;
using Gateway.Host.Persistence;
using Gateway.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Xunit;

namespace Gateway.Tests.Host.Persistence;

/// <summary>
/// Database contexts are pooled: a unit of work that was given up (a batch rolled back, a request that failed) leaves its context to
/// the next unit. What the first unit noted in the context (the limits of a case it opened, whether an outbox message was saved) must not
/// be what the next one sees.
/// </summary>
public sealed class PooledContextHandedOutAgain
{
    static readonly DeadlineBook Book = new(
        WorkingDayCalendar.Load(Path.Combine(AppContext.BaseDirectory, "Data", "calendar.json")),
        ServiceCatalogue.Load(Path.Combine(AppContext.BaseDirectory, "Data", "catalogue.json")),
        Options.Create(new DeadlineOptions()));

    static CaseState Case(Guid id) => new() { CorrelationId = id, CaseNo = "CASE-POOLED", DepartmentCode = "SCJG" };

    [Fact]
    public async Task Should_open_a_case_s_limit_that_a_given_up_unit_had_opened_on_the_same_context()
    {
        var factory = await TestDatabases.SqliteAsync();
        var caseId = Guid.NewGuid();
        var started = DateTime.UtcNow;

        GatewayDbContext first;
        await using (var given = await factory.CreateDbContextAsync())
        {
            first = given;
            Book.OpenTransmission(given, Case(caseId), started);
            // Given up: disposed without saving, as when a batch's transaction rolls back.
        }

        await using (var next = await factory.CreateDbContextAsync())
        {
            Assert.Same(first, next);
            Book.OpenTransmission(next, Case(caseId), started);
            await next.SaveChangesAsync();
        }

        await using var check = await factory.CreateDbContextAsync();
        var limits = await check.Deadlines.Where(d => d.CaseId == caseId).ToListAsync();
        Assert.Equal(DeadlineKinds.Transmission, Assert.Single(limits).Kind);
    }

    [Fact]
    public async Task Should_not_run_a_handler_a_former_unit_left_on_the_context()
    {
        var factory = await TestDatabases.SqliteAsync();
        var calls = 0;
        GatewayDbContext first;
        await using (var given = await factory.CreateDbContextAsync())
        {
            first = given;
            given.SavingChanges += (_, _) => calls++;
        }

        await using var next = await factory.CreateDbContextAsync();
        Assert.Same(first, next);
        next.Outbox.Add(new OutboxMessage
        {
            MessageId = Guid.NewGuid(), MessageType = "probe", Body = "{}", CreatedAt = DateTime.UtcNow, InProcess = true,
        });
        await next.SaveChangesAsync();
        Assert.Equal(0, calls);
    }
}
