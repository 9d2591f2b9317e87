using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace JointPunishment.Storage.Settings;

/// <summary>The <c>JP_*</c> secrets as validated options, read from configuration (the environment) in this one place.</summary>
public static class SettingsServiceCollectionExtensions
{
    /// <summary><see cref="StorageKeyOptions"/>: the host refuses to start without a storage secret of at least 16 characters.</summary>
    public static IServiceCollection AddStorageKey(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<StorageKeyOptions>()
            .Configure(o => o.Secret = configuration[StorageKeyOptions.Setting] ?? "")
            .Validate(o => o.Secret.Length >= StorageKeyOptions.MinLength, StorageKeyOptions.Invalid)
            .ValidateOnStart();
        return services;
    }

    /// <summary><see cref="OperatorOptions"/>: optional, empty when unset.</summary>
    public static IServiceCollection AddOperatorKey(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<OperatorOptions>().Configure(o => o.Key = configuration[OperatorOptions.Setting] ?? "");
        return services;
    }
}
