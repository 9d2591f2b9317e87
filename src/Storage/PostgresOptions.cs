using System.ComponentModel.DataAnnotations;

namespace JointPunishment.Storage;

/// <summary>Where the platform's PostgreSQL is. <c>JP_POSTGRES</c> overrides <c>ConnectionStrings:Postgres</c>.</summary>
public sealed class PostgresOptions
{
    [Required(ErrorMessage = "No PostgreSQL connection string: set JP_POSTGRES or ConnectionStrings:Postgres.")]
    public string ConnectionString { get; set; } = "";
}
