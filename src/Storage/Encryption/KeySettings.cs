using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace JointPunishment.Storage.Encryption;

/// <summary>
/// Where the hosts read their deployment keys: the storage keys (<see cref="StorageKeyRing"/>) and the operator key.
/// Each is checked here, so a host with a missing or short key refuses to start and says which setting to fix.
/// </summary>
public static class KeySettings
{
    public const string OperatorKeySetting = "JP_OPERATOR_KEY";

    /// <summary>The shortest operator key a host accepts: it opens every operator endpoint, and <c>./run.sh</c> generates 42 characters.</summary>
    public const int OperatorKeyMinimumLength = 32;

    /// <summary>The one <see cref="StorageKeyRing"/> of this host, from <c>JP_STORAGE_KEY</c> and <c>JP_STORAGE_OLD_KEYS</c>.</summary>
    public static IServiceCollection AddStorageKeys(this IServiceCollection services, IConfiguration configuration)
    {
        services.TryAddSingleton(_ => StorageKeyRing.FromConfiguration(configuration));
        return services;
    }

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
