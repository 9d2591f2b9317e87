namespace JointPunishment.Storage.Telemetry;

/// <summary>Every log event id the storage writes, in one table (as Npgsql's <c>NpgsqlEventId</c>): 1000s schema, 4100s check records, 4200s watchlists.</summary>
public static class StorageEventIds
{
    public const int MigrationApplied = 1001;
    public const int ApplicationRoleCanRewriteAudit = 1002;

    public const int CheckRecordsNotStored = 4101;

    public const int WatchSweepFailed = 4201;
    public const int WatchBulkWriteWaitExceeded = 4202;
}
