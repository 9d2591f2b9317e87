namespace JointPunishment.Storage;

/// <summary>One versioned schema step, embedded from <c>Migrations/NNNN_name.sql</c>.</summary>
public sealed record Migration(int Version, string Name, string Sql, string Checksum);
