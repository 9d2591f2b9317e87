using JointPunishment.Grains.Checks;
using JointPunishment.Grains.Federation;
using JointPunishment.Grains.Subjects.Bulk;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace JointPunishment.Grains;

public static class GrainsSiloBuilderExtensions
{
    /// <summary>
    /// Everything the platform's grains need on a silo, in one place: the domain services (subject keys from
    /// <c>JP_SUBJECT_KEY</c> in the silo's configuration, check ids, the check pipeline and the agencies it authorises),
    /// the silo's copy of the index following the shards, and the shards' warm-up before the silo serves. The host adds
    /// the storage behind them: PostgreSQL in the silo (<c>AddJointPunishmentSilo</c>), in-memory stores in grain tests.
    /// </summary>
    public static ISiloBuilder AddJointPunishmentGrains(this ISiloBuilder silo, Action<JointPunishmentGrainsOptions>? configure = null)
    {
        var options = new JointPunishmentGrainsOptions();
        configure?.Invoke(options);
        silo.Services.AddJointPunishmentDomain(silo.Configuration);
        silo.AddUpstreamFollowing();
        silo.Services.AddOptions<CourtBulkOptions>().Bind(silo.Configuration.GetSection(CourtBulkOptions.Section));
        if (options.FollowIndex)
        {
            silo.Services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>, LocalIndexReplicaLifecycle>();
        }

        if (options.WarmUpIndex)
        {
            silo.AddStartupTask<RestrictedIndexWarmUp>();
        }

        return silo;
    }
}
