using JointPunishment.Grains.Checks;
using JointPunishment.Grains.Diagnostics;
using JointPunishment.Storage.Checks;
using JointPunishment.Storage.Restricted;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace JointPunishment.Storage;

public static class CheckPathServiceCollectionExtensions
{
    /// <summary>What a silo's check path needs from PostgreSQL: the store behind the named-subject index, and the check recorder.</summary>
    public static IServiceCollection AddCheckPath(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<IRestrictedSubjectStore, PostgresRestrictedSubjectStore>();
        services.AddSingleton<ICheckRecorder>(sp => new MeteredCheckRecorder(sp.GetRequiredService<PostgresCheckRecorder>(), sp.GetRequiredService<SiloMetrics>()));
        return services.AddCheckRecorder();
    }

    /// <summary>
    /// The check recorder alone (<c>jp_check_count</c>, <c>jp_check_hit</c>), flushed in the background. A silo
    /// registers it metered (above); a gateway uses it as it is for the checks it answers itself, since its
    /// <c>jp_checks_total</c> already counts every check it answers.
    /// </summary>
    public static IServiceCollection AddCheckRecorder(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<PostgresCheckRecorder>();
        services.TryAddSingleton<ICheckRecorder>(sp => sp.GetRequiredService<PostgresCheckRecorder>());
        services.AddHostedService(sp => sp.GetRequiredService<PostgresCheckRecorder>());
        return services;
    }
}
