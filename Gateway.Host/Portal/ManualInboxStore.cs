using System.Text.Json;
using Gateway.Adapters.ManualInbox;
using Gateway.Contracts.Messages;
using Gateway.Host.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Gateway.Host.Portal;

/// <summary>The manual inbox in the gateway's database: one row per dispatch, placed once.</summary>
public sealed class ManualInboxStore(IDbContextFactory<GatewayDbContext> dbFactory) : IManualInbox
{
    internal static readonly JsonSerializerOptions Json = JsonSerializerOptions.Web;

    public async Task PlaceAsync(DispatchToDepartment dispatch, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (await db.ManualInbox.AnyAsync(i => i.DispatchId == dispatch.DispatchId, cancellationToken)) return;
        db.ManualInbox.Add(new ManualInboxItem
        {
            DispatchId = dispatch.DispatchId, CaseId = dispatch.CaseId, CaseNo = dispatch.CaseNo, DepartmentCode = dispatch.DepartmentCode,
            ItemCode = dispatch.ItemCode, ApplicantName = dispatch.Application.Applicant.Name,
            Payload = JsonSerializer.Serialize(dispatch, Json), PlacedAt = DateTime.UtcNow,
        });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            if (!await AlreadyPlacedAsync(dispatch.DispatchId)) throw; // placed by a concurrent redelivery otherwise
        }
    }

    async Task<bool> AlreadyPlacedAsync(string dispatchId)
    {
        await using var db = await dbFactory.CreateDbContextAsync();
        return await db.ManualInbox.AnyAsync(i => i.DispatchId == dispatchId);
    }
}
