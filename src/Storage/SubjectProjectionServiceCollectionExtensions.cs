using JointPunishment.Grains.Subjects;
using JointPunishment.Storage.CourtRecords;
using JointPunishment.Storage.CreditRepairs;
using JointPunishment.Storage.Deadlines;
using JointPunishment.Storage.Objections;
using JointPunishment.Storage.PublicList;
using JointPunishment.Storage.RedList;
using JointPunishment.Storage.Watchlists;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace JointPunishment.Storage;

public static class SubjectProjectionServiceCollectionExtensions
{
    /// <summary>
    /// The PostgreSQL read models a silo keeps from subject grains (see <see cref="ISubjectProjection"/>), all written
    /// by one <see cref="PostgresSubjectProjections"/> batch per snapshot, in this order.
    /// </summary>
    public static IServiceCollection AddSubjectProjections(this IServiceCollection services)
    {
        // First: the only rows several subjects share before the feed counters; see PostgresPublicNameProjection.
        services.AddSingleton<IPostgresSubjectProjection, PostgresPublicNameProjection>();
        services.AddSingleton<IPostgresSubjectProjection, PostgresDueStepProjection>();
        // 四(二)9: the listings each court made, for its record.
        services.AddSingleton<IPostgresSubjectProjection, PostgresCourtListingProjection>();
        // 四(二)3: objections agencies referred to the courts.
        services.AddSingleton<IPostgresSubjectProjection, PostgresObjectionProjection>();
        // 三(一), 四(二)7: the public list and the delisting feed.
        services.AddSingleton<IPostgresSubjectProjection, PostgresPublicListProjection>();
        // 五(三): the red list the public queries by name.
        services.AddSingleton<IPostgresSubjectProjection, PostgresRedListProjection>();
        // Then: its feed counter's row lock is then held the shortest time (see PostgresPublicListProjection).
        services.AddSingleton<IPostgresSubjectProjection, PostgresCreditRepairProjection>();
        // After it: watchlist alerts take the 'alert' counter row last (issue 22), so batches lock counters in one order.
        services.AddSingleton<IPostgresSubjectProjection, PostgresWatchProjection>();
        services.TryAddSingleton(sp => new ProjectionCalendar(sp.GetRequiredService<TimeProvider>()));
        services.AddOptions<WatchlistOptions>().BindConfiguration(WatchlistOptions.Section);
        services.AddSingleton<WatchDueSweep>();
        services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(sp => sp.GetRequiredService<WatchDueSweep>());
        services.AddSingleton<ISubjectProjection, PostgresSubjectProjections>();
        return services;
    }
}
