using JointPunishment.Grains.Checks;
using JointPunishment.Grains.Diagnostics;
using JointPunishment.Grains.Keys;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace JointPunishment.Grains;

public static class GrainsServiceCollectionExtensions
{
    /// <summary>Services the grains (and the gateway, which derives the same subject keys) need.</summary>
    public static IServiceCollection AddJointPunishmentDomain(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<SubjectKeyOptions>()
            .Configure(o => o.Secret = configuration[SubjectKeyOptions.Setting] ?? "")
            .Validate(o => o.Secret.Length >= SubjectKeyOptions.MinLength, SubjectKeyOptions.Invalid)
            .ValidateOnStart();
        services.AddSingleton<SubjectKeys>();
        services.AddSingleton<CheckIds>();
        services.AddSingleton<AllowedChecks>();
        // The check path of both hosts that answer checks: the rules, the agencies they authorise, the index copy.
        services.AddSingleton<CheckPipeline>();
        services.AddSingleton<CheckAgencies>();
        services.AddSingleton<LocalIndexReplica>();
        services.AddMetrics();
        services.TryAddSingleton<SiloMetrics>();
        services.TryAddSingleton(TimeProvider.System);
        return services;
    }
}
