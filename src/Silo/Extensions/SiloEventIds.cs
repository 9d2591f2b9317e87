namespace JointPunishment.Silo.Extensions;

/// <summary>Every log event id the silo host writes, in one table (as Npgsql's <c>NpgsqlEventId</c>): 5000s.</summary>
public static class SiloEventIds
{
    public const int Started = 5000;
    public const int SignalWhileStarting = 5001;

    // The cluster call guard (Security).
    public const int CallRefused = 5003;
}
