using JointPunishment.Storage.Encryption;

namespace JointPunishment.Storage.Settings;

/// <summary>
/// The storage secrets: the current one (<c>JP_STORAGE_KEY</c>), under which grain state (identity numbers included)
/// and secrets kept in tables are encrypted at rest, and the retired ones (<c>JP_STORAGE_OLD_KEYS</c>), which only
/// decrypt until <c>reencrypt</c> has moved their rows on. Validated as <see cref="StorageKeyRing"/> validates them,
/// with its messages; the host's one <see cref="StorageKeyRing"/> is made from these options.
/// </summary>
public sealed class StorageKeyOptions
{
    public const string Setting = StorageKeyRing.CurrentSetting;

    public const string OldSetting = StorageKeyRing.OldSetting;

    public string Secret { get; set; } = "";

    public IReadOnlyList<string> OldSecrets { get; set; } = [];

    /// <summary>The key ring of these secrets; throws <see cref="InvalidOperationException"/> naming the setting to fix.</summary>
    public StorageKeyRing ToKeyRing() => new(Secret, OldSecrets);
}
