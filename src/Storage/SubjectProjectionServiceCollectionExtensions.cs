using JointPunishment.Grains.Subjects;
using JointPunishment.Storage.CreditRepairs;
using JointPunishment.Storage.Deadlines;
using JointPunishment.Storage.PublicList;
using Microsoft.Extensions.DependencyInjection;

namespace JointPunishment.Storage;

public static class SubjectProjectionServiceCollectionExtensions
{
    /// <summary>The PostgreSQL read models a silo keeps from subject grains (see <see cref="ISubjectProjection"/>).</summary>
    public static IServiceCollection AddSubjectProjections(this IServiceCollection services)
    {
        services.AddSingleton<ISubjectProjection, PostgresDueStepProjection>();
        // 三(一), 四(二)7: the public list and the delisting feed.
        services.AddSingleton<ISubjectProjection, PostgresPublicListProjection>();
        services.AddSingleton<ISubjectProjection, PostgresCreditRepairProjection>();
        return services;
    }
}
