namespace JointPunishment.Storage.Settings;

/// <summary>
/// The storage secret (<c>JP_STORAGE_KEY</c>): grain state (identity numbers included) is encrypted at rest under a
/// key derived from it (<c>EncryptingGrainStorageSerializer</c>), and so are secrets kept in tables (<c>SecretProtector</c>).
/// </summary>
public sealed class StorageKeyOptions
{
    public const string Setting = "JP_STORAGE_KEY";

    public const int MinLength = 16;

    public const string Invalid = "JP_STORAGE_KEY must be set to a secret of at least 16 characters: grain state (identity numbers included) "
        + "and stored secrets are encrypted at rest with it. ./run.sh generates one into JP_DATA_DIR/secrets.";

    public string Secret { get; set; } = "";
}
