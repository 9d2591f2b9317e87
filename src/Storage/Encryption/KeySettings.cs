using Microsoft.Extensions.Configuration;

namespace JointPunishment.Storage.Encryption;

/// <summary>
/// The operator key's rule (the storage keys' are <see cref="StorageKeyRing"/>'s). Hosts register both as options with
/// <c>Settings.SettingsServiceCollectionExtensions</c>, so a host with a missing or short key refuses to start and says
/// which setting to fix.
/// </summary>
public static class KeySettings
{
    public const string OperatorKeySetting = "JP_OPERATOR_KEY";

    /// <summary>The shortest operator key a host accepts: it opens every operator endpoint, and <c>./run.sh</c> generates 42 characters.</summary>
    public const int OperatorKeyMinimumLength = 32;

    /// <summary>
    /// The operator key, or "" when it is not set and <paramref name="required"/> is false (a silo without one serves
    /// its metrics on 127.0.0.1 only). A key that is set must have <see cref="OperatorKeyMinimumLength"/> characters.
    /// </summary>
    public static string OperatorKey(IConfiguration configuration, bool required)
    {
        var key = configuration[OperatorKeySetting] ?? "";
        if (key.Length == 0 && !required)
        {
            return key;
        }

        if (key.Length < OperatorKeyMinimumLength)
        {
            throw new InvalidOperationException(
                $"{OperatorKeySetting} must be set to a secret of at least {OperatorKeyMinimumLength} characters (it has {key.Length}): it opens every operator endpoint. ./run.sh generates one into JP_DATA_DIR/secrets/operator-key; elsewhere use e.g. `head -c 32 /dev/urandom | base64`.");
        }

        return key;
    }
}
