namespace JointPunishment.Grains.Interfaces.Diagnostics;

/// <summary>
/// A persisted value an operator (or a test) writes and reads back to prove that grain storage works
/// across silos. Keys come from <see cref="GrainKeys.StorageProbe"/>.
/// </summary>
public interface IStorageProbeGrain : IGrainWithStringKey
{
    /// <summary>Stores <paramref name="value"/> durably before returning.</summary>
    Task WriteAsync(string value);

    /// <summary>The stored value, or null when nothing was written.</summary>
    Task<string?> ReadAsync();

    /// <summary>The silo (and its process) hosting this activation.</summary>
    Task<ActivationHost> GetHostAsync();
}
