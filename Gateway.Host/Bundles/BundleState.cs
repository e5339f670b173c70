using System.Text.Json;
using Gateway.Host.Messaging;
using Gateway.Host.Messaging.Sagas;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Gateway.Host.Bundles;

/// <summary>The durable state of one bundle's saga: its members as it last heard of them. <see cref="Version"/> is the concurrency token.</summary>
public sealed class BundleState : SagaStateMachineInstance, ISagaVersioned
{
    public Guid CorrelationId { get; set; }
    public string CurrentState { get; set; } = "";
    public int Version { get; set; }
    public string BundleNo { get; set; } = "";
    public string BundleCode { get; set; } = "";
    public DateTime SubmittedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
    public bool DeliverTogether { get; set; }
    /// <summary>The members (JSON list of <see cref="BundleMemberEntry"/>).</summary>
    public string Members { get; set; } = "[]";
    public DateTime? WithdrawnAt { get; set; }
    /// <summary>When the last member case ended.</summary>
    public DateTime? EndedAt { get; set; }
    public DateTime? DeliveredAt { get; set; }

    public List<BundleMemberEntry> ReadMembers() => JsonSerializer.Deserialize<List<BundleMemberEntry>>(Members, JsonSerializerOptions.Web) ?? [];

    public void WriteMembers(List<BundleMemberEntry> members) => Members = JsonSerializer.Serialize(members, JsonSerializerOptions.Web);
}

/// <summary>One member of a bundle as its saga knows it: the case, the items it waits for, the state last reported.</summary>
public sealed class BundleMemberEntry
{
    public string ItemCode { get; set; } = "";
    public string DepartmentCode { get; set; } = "";
    public Guid CaseId { get; set; }
    public string CaseNo { get; set; } = "";
    public List<string> DependsOn { get; set; } = [];
    public string Status { get; set; } = "";
    public DateTime? ChangedAt { get; set; }
    public string? LicenceNo { get; set; }
    public string? Reasons { get; set; }
    /// <summary>Its prerequisites' results were passed on to it (a member with none needs no release).</summary>
    public bool Released { get; set; }
}

public sealed class BundleStateMap : IEntityTypeConfiguration<BundleState>
{
    public void Configure(EntityTypeBuilder<BundleState> b)
    {
        b.ToTable("bundle_sagas");
        b.HasKey(x => x.CorrelationId);
        b.Property(x => x.CorrelationId).ValueGeneratedNever();
        b.Property(x => x.Version).IsConcurrencyToken();
        b.Property(x => x.CurrentState).HasMaxLength(64);
        b.Property(x => x.BundleNo).HasMaxLength(40);
        b.HasIndex(x => x.BundleNo).IsUnique();
        b.Property(x => x.BundleCode).HasMaxLength(64);
    }
}

/// <summary>Retries a bundle event on a concurrency conflict (several member cases report at once) with fresh state.</summary>
public sealed class BundleStateDefinition : SagaDefinition<BundleState>
{
    protected override void ConfigureSaga(IReceiveEndpointConfigurator endpointConfigurator, ISagaConfigurator<BundleState> sagaConfigurator,
        IRegistrationContext context)
    {
        endpointConfigurator.UseMessageRetry(r => r.Exponential(16, TimeSpan.FromMilliseconds(10), TimeSpan.FromSeconds(2), TimeSpan.FromMilliseconds(20)));
        endpointConfigurator.UseSagaPartitioner(32);
    }
}
