namespace JointPunishment.Storage.Telemetry;

/// <summary>Every log event id the storage writes, in one table (as Npgsql's <c>NpgsqlEventId</c>): 1000s schema, 4100s check records.</summary>
public static class StorageEventIds
{
    public const int MigrationApplied = 1001;
    public const int ApplicationRoleCanRewriteAudit = 1002;

    public const int CheckRecordsNotStored = 4101;
}
