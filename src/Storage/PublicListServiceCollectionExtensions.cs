using JointPunishment.Grains.Subjects;
using JointPunishment.Storage.PublicList;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace JointPunishment.Storage;

public static class PublicListServiceCollectionExtensions
{
    /// <summary>The subject projection that keeps the public list and the delisting feed in PostgreSQL (三(一), 四(二)7).</summary>
    public static IServiceCollection AddPublicListProjection(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<ISubjectProjection, PostgresPublicListProjection>();
        return services;
    }
}
