using Gateway.Host.Cases;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Gateway.Host.Persistence;

/// <summary>The gateway's one database: applications, case sagas, timelines, outbox and inbox, department reports and licences.</summary>
public sealed class GatewayDbContext(DbContextOptions<GatewayDbContext> options) : DbContext(options)
{
    /// <summary>
    /// The time limits, open and closed, of each case this context has loaded whole, with those it has added since (see
    /// <c>DeadlineBook</c>): read once per unit of work, then looked up by case without going through every tracked limit.
    /// </summary>
    internal Dictionary<Guid, List<CaseDeadline>> DeadlinesOfCase => OfThisLease(_deadlinesOfCase);

    /// <summary>
    /// The timeline source ids of cases whose timeline keys this context read up front (a batch of case events), with those it has added
    /// since: a timeline entry is then checked for without a query.
    /// </summary>
    internal Dictionary<Guid, HashSet<string>> TimelineSources => OfThisLease(_timelineSources);

    /// <summary>
    /// Of the licence numbers a batch of case events names, those already in the e-licence store (read up front, with those added since):
    /// a licence is then stored without a query. Null when this unit of work did not read them; a licence is then looked up as it is stored.
    /// </summary>
    internal HashSet<string>? StoredLicenceNumbers
    {
        get
        {
            ForgetFormerLease();
            return _storedLicenceNumbers;
        }
        set
        {
            ForgetFormerLease();
            _storedLicenceNumbers = value;
        }
    }

    readonly Dictionary<Guid, List<CaseDeadline>> _deadlinesOfCase = [];
    readonly Dictionary<Guid, HashSet<string>> _timelineSources = [];
    HashSet<string>? _storedLicenceNumbers;
    int _stateLease = -1;

    /// <summary>
    /// Contexts are pooled: one handed out again (a new lease, <see cref="DbContextId.Lease"/>) starts its unit of work with none of the
    /// state the last unit kept here, as EF Core itself starts it with an empty change tracker.
    /// </summary>
    T OfThisLease<T>(T state)
    {
        ForgetFormerLease();
        return state;
    }

    void ForgetFormerLease()
    {
        var lease = ContextId.Lease;
        if (lease == _stateLease) return;
        _stateLease = lease;
        _deadlinesOfCase.Clear();
        _timelineSources.Clear();
        _storedLicenceNumbers = null;
    }

    public DbSet<ApplicationRecord> Applications => Set<ApplicationRecord>();
    public DbSet<CaseState> Cases => Set<CaseState>();
    public DbSet<BundleRecord> Bundles => Set<BundleRecord>();
    public DbSet<Gateway.Host.Feed.FeedEntry> Feed => Set<Gateway.Host.Feed.FeedEntry>();
    public DbSet<Gateway.Host.Feed.FeedCursor> FeedCursors => Set<Gateway.Host.Feed.FeedCursor>();
    public DbSet<Gateway.Host.Bundles.BundleState> BundleSagas => Set<Gateway.Host.Bundles.BundleState>();
    public DbSet<TimelineEntry> Timeline => Set<TimelineEntry>();
    public DbSet<OutboxMessage> Outbox => Set<OutboxMessage>();
    public DbSet<InboxMessage> Inbox => Set<InboxMessage>();
    public DbSet<DepartmentEventRecord> DepartmentEvents => Set<DepartmentEventRecord>();
    public DbSet<LicenceRecord> Licences => Set<LicenceRecord>();
    public DbSet<LicenceFile> LicenceFiles => Set<LicenceFile>();
    public DbSet<LicenceAccess> LicenceAccesses => Set<LicenceAccess>();
    public DbSet<RefusedReport> RefusedReports => Set<RefusedReport>();
    public DbSet<Gateway.Host.JointTesting.JointTestRun> JointTestRuns => Set<Gateway.Host.JointTesting.JointTestRun>();
    public DbSet<Gateway.Host.JointTesting.CrossRegionGoLive> CrossRegionGoLives => Set<Gateway.Host.JointTesting.CrossRegionGoLive>();
    public DbSet<CaseDeadline> Deadlines => Set<CaseDeadline>();
    public DbSet<OneTimeNotice> OneTimeNotices => Set<OneTimeNotice>();
    public DbSet<CaseRating> Ratings => Set<CaseRating>();
    public DbSet<UsedNonce> UsedNonces => Set<UsedNonce>();
    public DbSet<ProcessedFile> ProcessedFiles => Set<ProcessedFile>();
    public DbSet<ManualInboxItem> ManualInbox => Set<ManualInboxItem>();
    public DbSet<PortalAction> PortalActions => Set<PortalAction>();
    public DbSet<FailedMessage> FailedMessages => Set<FailedMessage>();

    protected override void OnModelCreating(ModelBuilder m)
    {
        m.ApplyConfiguration(new CaseStateMap());
        m.ApplyConfiguration(new Gateway.Host.Bundles.BundleStateMap());

        m.Entity<Gateway.Host.Feed.FeedEntry>(b =>
        {
            b.ToTable("feed_entries");
            b.HasKey(x => x.Id);
            b.HasIndex(x => x.EntryId).IsUnique();
            b.HasIndex(x => x.Sequence).IsUnique();
            b.Property(x => x.SubjectKind).HasMaxLength(16);
            b.Property(x => x.SubjectNo).HasMaxLength(40);
            b.Property(x => x.ItemCode).HasMaxLength(64);
            b.Property(x => x.DepartmentCode).HasMaxLength(32);
            b.Property(x => x.Status).HasMaxLength(64);
            b.Property(x => x.BundleNo).HasMaxLength(40);
            b.Property(x => x.LicenceNo).HasMaxLength(128);
            b.Property(x => x.PreviousHash).HasMaxLength(64);
            b.Property(x => x.Hash).HasMaxLength(64);
        });

        m.Entity<Gateway.Host.Feed.FeedCursor>(b =>
        {
            b.ToTable("feed_cursors");
            b.HasKey(x => x.Name);
            b.Property(x => x.Name).HasMaxLength(32);
        });

        m.Entity<BundleRecord>(b =>
        {
            b.ToTable("bundles");
            b.HasKey(x => x.Id);
            b.HasIndex(x => x.BundleId).IsUnique();
            b.Property(x => x.BundleNo).HasMaxLength(40);
            b.HasIndex(x => x.BundleNo).IsUnique();
            b.Property(x => x.BundleCode).HasMaxLength(64);
            b.Property(x => x.BundleName).HasMaxLength(200);
            b.Property(x => x.IdempotencyKey).HasMaxLength(128);
            b.HasIndex(x => x.IdempotencyKey).IsUnique();
            b.Property(x => x.RequestHash).HasMaxLength(64);
            b.Property(x => x.RegionCode).HasMaxLength(12);
            b.Property(x => x.WindowId).HasMaxLength(64);
            b.Property(x => x.ApplicantName).HasMaxLength(200);
        });

        m.Entity<ApplicationRecord>(b =>
        {
            b.ToTable("applications");
            b.HasKey(x => x.Id);
            b.HasIndex(x => x.CaseId).IsUnique();
            b.Property(x => x.CaseNo).HasMaxLength(40);
            b.HasIndex(x => x.CaseNo).IsUnique();
            b.Property(x => x.IdempotencyKey).HasMaxLength(160);
            b.HasIndex(x => x.IdempotencyKey).IsUnique();
            b.HasIndex(x => x.BundleId);
            b.Property(x => x.RequestHash).HasMaxLength(64);
            b.Property(x => x.ItemCode).HasMaxLength(64);
            b.Property(x => x.ItemName).HasMaxLength(200);
            b.Property(x => x.DepartmentCode).HasMaxLength(32);
            b.Property(x => x.RegionCode).HasMaxLength(12);
            b.Property(x => x.WindowId).HasMaxLength(64);
            b.Property(x => x.ApplicantName).HasMaxLength(200);
            b.Property(x => x.CommitmentSha256).HasMaxLength(64);
            b.Property(x => x.TraceParent).HasMaxLength(55);
        });

        m.Entity<TimelineEntry>(b =>
        {
            b.ToTable("case_timeline");
            b.HasKey(x => x.Id);
            b.HasIndex(x => new { x.CaseId, x.SourceId }).IsUnique();
            b.Property(x => x.Status).HasMaxLength(64);
            b.Property(x => x.Title).HasMaxLength(200);
            b.Property(x => x.Source).HasMaxLength(64);
            b.Property(x => x.SourceId).HasMaxLength(200);
        });

        m.Entity<OutboxMessage>(b =>
        {
            b.ToTable("outbox_messages");
            b.HasKey(x => x.Id);
            b.HasIndex(x => x.MessageId).IsUnique();
            b.HasIndex(x => new { x.SentAt, x.Id });
            b.Property(x => x.MessageType).HasMaxLength(300);
            b.Property(x => x.TraceParent).HasMaxLength(55);
            b.HasIndex(x => x.Id, "IX_outbox_messages_unsent_bus").HasFilter("\"SentAt\" IS NULL AND NOT \"InProcess\"");
            b.HasIndex(x => x.Id, "IX_outbox_messages_unsent_in_process").HasFilter("\"SentAt\" IS NULL AND \"InProcess\"");
        });

        m.Entity<InboxMessage>(b =>
        {
            b.ToTable("inbox_messages");
            b.HasKey(x => new { x.MessageId, x.Consumer });
            b.Property(x => x.Consumer).HasMaxLength(100);
        });

        m.Entity<DepartmentEventRecord>(b =>
        {
            b.ToTable("department_events");
            b.HasKey(x => new { x.DepartmentCode, x.EventId });
            b.Property(x => x.DepartmentCode).HasMaxLength(32);
            b.Property(x => x.EventId).HasMaxLength(128);
            b.Property(x => x.CaseNo).HasMaxLength(40);
            b.HasIndex(x => x.CaseNo);
            b.Property(x => x.Type).HasMaxLength(32);
            b.Property(x => x.PayloadHash).HasMaxLength(64);
        });

        m.Entity<RefusedReport>(b =>
        {
            b.ToTable("refused_reports");
            b.HasKey(x => x.Id);
            b.HasIndex(x => new { x.DepartmentCode, x.At });
            b.Property(x => x.DepartmentCode).HasMaxLength(32);
            b.Property(x => x.CaseNo).HasMaxLength(40);
            b.Property(x => x.EventId).HasMaxLength(128);
            b.Property(x => x.Kind).HasMaxLength(16);
            b.Property(x => x.Fields).HasMaxLength(400);
            b.Property(x => x.Detail).HasMaxLength(1000);
        });

        m.Entity<Gateway.Host.JointTesting.JointTestRun>(b =>
        {
            b.ToTable("joint_test_runs");
            b.HasKey(x => x.Id);
            b.HasIndex(x => x.RunId);
            b.Property(x => x.RunId).HasMaxLength(40);
            b.Property(x => x.ItemCode).HasMaxLength(64);
            b.Property(x => x.DepartmentCode).HasMaxLength(32);
        });

        m.Entity<Gateway.Host.JointTesting.CrossRegionGoLive>(b =>
        {
            b.ToTable("cross_region_go_live");
            b.HasKey(x => x.ItemCode);
            b.Property(x => x.ItemCode).HasMaxLength(64);
            b.Property(x => x.RunId).HasMaxLength(40);
            b.Property(x => x.ConfirmedByHub).HasMaxLength(64);
            b.Property(x => x.ConfirmedByDepartment).HasMaxLength(64);
        });

        m.Entity<LicenceAccess>(b =>
        {
            b.ToTable("licence_accesses");
            b.HasKey(x => x.Id);
            b.HasIndex(x => x.LicenceNo);
            b.Property(x => x.LicenceNo).HasMaxLength(128);
            b.Property(x => x.WindowId).HasMaxLength(64);
            b.Property(x => x.AccessedBy).HasMaxLength(64);
            b.Property(x => x.Purpose).HasMaxLength(32);
        });

        m.Entity<LicenceRecord>(b =>
        {
            b.ToTable("licences");
            b.HasKey(x => x.LicenceNo);
            b.Property(x => x.LicenceNo).HasMaxLength(128);
            b.Property(x => x.LicenceType).HasMaxLength(100);
            b.Property(x => x.HolderName).HasMaxLength(200);
            b.Property(x => x.HolderIdNumber).HasMaxLength(32);
            b.HasIndex(x => x.HolderIdNumber);
            b.Property(x => x.IssuingDepartmentCode).HasMaxLength(32);
            b.Property(x => x.CaseNo).HasMaxLength(40);
            b.HasIndex(x => x.CaseId);
            b.Property(x => x.FileSha256).HasMaxLength(64);
            b.Property(x => x.TypeCode).HasMaxLength(64);
            b.Property(x => x.Status).HasMaxLength(16);
            b.Property(x => x.RevocationReason).HasMaxLength(500);
            b.Property(x => x.Signature).HasMaxLength(200);
            b.Property(x => x.SignatureAlgorithm).HasMaxLength(16);
            b.Property(x => x.FileName).HasMaxLength(200);
        });

        m.Entity<CaseRating>(b =>
        {
            b.ToTable("case_ratings");
            b.HasKey(x => x.CaseId);
            b.Property(x => x.CaseNo).HasMaxLength(40);
            b.Property(x => x.DepartmentCode).HasMaxLength(32);
            b.Property(x => x.WindowId).HasMaxLength(64);
        });

        m.Entity<OneTimeNotice>(b =>
        {
            b.ToTable("one_time_notices");
            b.HasKey(x => x.Id);
            b.Property(x => x.NoticeNo).HasMaxLength(40);
            b.HasIndex(x => x.NoticeNo).IsUnique();
            b.Property(x => x.IdempotencyKey).HasMaxLength(128);
            b.HasIndex(x => new { x.IdempotencyKey, x.RequestHash }).IsUnique();
            b.Property(x => x.RequestHash).HasMaxLength(64);
            b.Property(x => x.ItemCode).HasMaxLength(64);
            b.Property(x => x.ItemName).HasMaxLength(200);
            b.Property(x => x.RegionCode).HasMaxLength(12);
            b.Property(x => x.WindowId).HasMaxLength(64);
            b.Property(x => x.ApplicantName).HasMaxLength(200);
            b.Property(x => x.ApplicantIdNumber).HasMaxLength(32);
        });

        m.Entity<CaseDeadline>(b =>
        {
            b.ToTable("case_deadlines");
            b.HasKey(x => x.Id);
            b.HasIndex(x => new { x.CaseId, x.Kind, x.StartsAt }).IsUnique();
            b.HasIndex(x => new { x.ClosedAt, x.WarnAt });
            b.HasIndex(x => new { x.ClosedAt, x.DueAt });
            b.Property(x => x.CaseNo).HasMaxLength(40);
            b.Property(x => x.DepartmentCode).HasMaxLength(32);
            b.Property(x => x.Kind).HasMaxLength(32);
            b.Property(x => x.Outcome).HasMaxLength(32);
        });

        m.Entity<LicenceFile>(b =>
        {
            b.ToTable("licence_files");
            b.HasKey(x => x.Sha256);
            b.Property(x => x.Sha256).HasMaxLength(64);
            b.Property(x => x.MediaType).HasMaxLength(100);
        });

        m.Entity<UsedNonce>(b =>
        {
            b.ToTable("soap_nonces");
            b.HasKey(x => new { x.Username, x.Nonce });
            b.Property(x => x.Username).HasMaxLength(64);
            b.Property(x => x.Nonce).HasMaxLength(100);
            b.HasIndex(x => x.SeenAt);
        });

        m.Entity<ProcessedFile>(b =>
        {
            b.ToTable("file_drop_files");
            b.HasKey(x => new { x.DepartmentCode, x.FileName, x.Sha256 });
            b.Property(x => x.DepartmentCode).HasMaxLength(32);
            b.Property(x => x.FileName).HasMaxLength(255);
            b.Property(x => x.Sha256).HasMaxLength(64);
            b.Property(x => x.Outcome).HasMaxLength(16);
        });

        m.Entity<ManualInboxItem>(b =>
        {
            b.ToTable("manual_inbox");
            b.HasKey(x => x.DispatchId);
            b.Property(x => x.DispatchId).HasMaxLength(128);
            b.Property(x => x.CaseNo).HasMaxLength(40);
            b.Property(x => x.DepartmentCode).HasMaxLength(32);
            b.Property(x => x.ItemCode).HasMaxLength(64);
            b.Property(x => x.ApplicantName).HasMaxLength(200);
            b.HasIndex(x => new { x.DepartmentCode, x.PlacedAt });
            b.HasIndex(x => x.CaseNo);
        });

        m.Entity<PortalAction>(b =>
        {
            b.ToTable("portal_actions");
            b.HasKey(x => x.Id);
            b.Property(x => x.Username).HasMaxLength(64);
            b.Property(x => x.DepartmentCode).HasMaxLength(32);
            b.Property(x => x.CaseNo).HasMaxLength(40);
            b.Property(x => x.Action).HasMaxLength(32);
            b.HasIndex(x => x.CaseNo);
        });

        m.Entity<FailedMessage>(b =>
        {
            b.ToTable("failed_messages");
            b.HasKey(x => x.Id);
            b.Property(x => x.MessageType).HasMaxLength(300);
            b.Property(x => x.Queue).HasMaxLength(200);
            b.Property(x => x.Cause).HasMaxLength(400);
            b.Property(x => x.ExceptionType).HasMaxLength(300);
            b.Property(x => x.Resolution).HasMaxLength(16);
            b.Property(x => x.ResolvedBy).HasMaxLength(100);
            b.Property(x => x.ResolutionReason).HasMaxLength(1000);
            b.HasIndex(x => new { x.ResolvedAt, x.Cause });
            b.HasIndex(x => x.CaseId);
        });

        // SQLite keeps no time zone: read every timestamp back as UTC so both providers answer alike.
        if (Database.IsSqlite())
        {
            var utc = new ValueConverter<DateTime, DateTime>(v => v, v => DateTime.SpecifyKind(v, DateTimeKind.Utc));
            foreach (var entity in m.Model.GetEntityTypes())
            foreach (var property in entity.GetProperties())
                if (property.ClrType == typeof(DateTime) || property.ClrType == typeof(DateTime?))
                    property.SetValueConverter(utc);
        }
    }
}
