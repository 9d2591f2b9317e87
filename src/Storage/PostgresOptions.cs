using System.ComponentModel.DataAnnotations;

namespace JointPunishment.Storage;

/// <summary>
/// Where the platform's PostgreSQL is. <c>JP_POSTGRES</c> overrides <c>ConnectionStrings:Postgres</c>: the application's
/// connection, which every silo and gateway uses. <c>JP_POSTGRES_ADMIN</c> (or <c>ConnectionStrings:PostgresAdmin</c>)
/// is the schema owner's, used only to migrate (docs/security.md "PostgreSQL roles and the audit trail").
/// </summary>
public sealed class PostgresOptions
{
    [Required(ErrorMessage = "No PostgreSQL connection string: set JP_POSTGRES or ConnectionStrings:Postgres.")]
    public string ConnectionString { get; set; } = "";

    /// <summary>
    /// The schema owner's connection that migrations run with, which also hands <c>jp_audit</c> to <c>jp_audit_owner</c>
    /// and grants the application role its rights each time. Empty: migrations run with <see cref="ConnectionString"/>,
    /// as before roles were separated, and no role is changed.
    /// </summary>
    public string AdminConnectionString { get; set; } = "";
}
