using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Gateway.Host.Cases;

/// <summary>How a case saga row is stored.</summary>
public sealed class CaseStateMap : IEntityTypeConfiguration<CaseState>
{
    public void Configure(EntityTypeBuilder<CaseState> b)
    {
        b.ToTable("case_sagas");
        b.HasKey(x => x.CorrelationId);
        b.Property(x => x.CorrelationId).ValueGeneratedNever();
        b.Property(x => x.Version).IsConcurrencyToken();
        b.Property(x => x.CurrentState).HasMaxLength(64);
        b.Property(x => x.CaseNo).HasMaxLength(40);
        b.HasIndex(x => x.CaseNo).IsUnique();
        b.Property(x => x.ItemCode).HasMaxLength(64);
        b.Property(x => x.DepartmentCode).HasMaxLength(32);
        b.HasIndex(x => new { x.DepartmentCode, x.CurrentState });
        b.Property(x => x.DispatchId).HasMaxLength(128);
        b.Property(x => x.DepartmentReference).HasMaxLength(128);
        b.Property(x => x.NoticeNo).HasMaxLength(128);
        b.Property(x => x.Decision).HasMaxLength(32);
        b.Property(x => x.LicenceNo).HasMaxLength(128);
        b.Property(x => x.DeliveryMethod).HasMaxLength(32);
        b.Property(x => x.DeliveryTrackingNo).HasMaxLength(64);
        b.Property(x => x.AwaitingPrerequisites).HasMaxLength(400);
        b.HasIndex(x => x.BundleId);
        b.Property(x => x.BundleNo).HasMaxLength(40);
    }
}
