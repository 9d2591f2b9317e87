using JointPunishment.Storage.Encryption;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace JointPunishment.Storage.Settings;

/// <summary>The <c>JP_*</c> secrets as validated options, read from configuration (the environment) in this one place.</summary>
public static class SettingsServiceCollectionExtensions
{
    /// <summary>
    /// <see cref="StorageKeyOptions"/> from <c>JP_STORAGE_KEY</c> and <c>JP_STORAGE_OLD_KEYS</c>, and the host's one
    /// <see cref="StorageKeyRing"/> made from them (unless the host registered its ring already): the host refuses to
    /// start with a missing or short key, or two keys of the same id, saying which setting to fix.
    /// </summary>
    public static IServiceCollection AddStorageKey(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<StorageKeyOptions>()
            .Configure(o =>
            {
                o.Secret = configuration[StorageKeyOptions.Setting] ?? "";
                o.OldSecrets = [.. StorageKeyRing.SplitKeys(configuration[StorageKeyOptions.OldSetting])];
            })
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<StorageKeyOptions>, StorageKeyOptionsValidator>());
        services.TryAddSingleton(sp => sp.GetRequiredService<IOptions<StorageKeyOptions>>().Value.ToKeyRing());
        return services;
    }

    /// <summary>
    /// <see cref="OperatorOptions"/> from <c>JP_OPERATOR_KEY</c>, checked here, before the host is built
    /// (<see cref="KeySettings.OperatorKey"/>): a key that is set has at least 32 characters, and a host that
    /// <paramref name="required"/> one refuses to start without it.
    /// </summary>
    public static IServiceCollection AddOperatorKey(this IServiceCollection services, IConfiguration configuration, bool required)
    {
        var key = KeySettings.OperatorKey(configuration, required);
        services.AddOptions<OperatorOptions>().Configure(o => o.Key = key);
        return services;
    }

    private sealed class StorageKeyOptionsValidator : IValidateOptions<StorageKeyOptions>
    {
        public ValidateOptionsResult Validate(string? name, StorageKeyOptions options)
        {
            try
            {
                _ = options.ToKeyRing();
                return ValidateOptionsResult.Success;
            }
            catch (InvalidOperationException refused)
            {
                return ValidateOptionsResult.Fail(refused.Message);
            }
        }
    }
}
