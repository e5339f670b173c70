using System.ComponentModel.DataAnnotations;

namespace Gateway.Host.Persistence;

/// <summary>Configuration section <c>Database</c>; the connection string is <c>ConnectionStrings:Gateway</c>.</summary>
public sealed class DatabaseOptions
{
    public const string Section = "Database";
    public const string Sqlite = "Sqlite";
    public const string Postgres = "Postgres";

    /// <summary>Sqlite (embedded default) or Postgres.</summary>
    [RegularExpression("(?i)^(Sqlite|Postgres)$", ErrorMessage = "must be Sqlite or Postgres")]
    public string Provider { get; set; } = Sqlite;

    /// <summary>Apply pending schema scripts at start-up.</summary>
    public bool MigrateOnStart { get; set; } = true;
}
