namespace JointPunishment.Grains;

/// <summary>Names of the grain storage providers the silo registers.</summary>
public static class StorageNames
{
    /// <summary>ADO.NET storage on the platform's PostgreSQL.</summary>
    public const string Main = "jp";
}
