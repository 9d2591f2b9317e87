using JointPunishment.Grains.Principals;
using JointPunishment.Storage.Accountability;
using JointPunishment.Storage.CourtRecords;
using JointPunishment.Storage.CreditRepairs;
using JointPunishment.Storage.Deadlines;
using JointPunishment.Storage.Directory;
using JointPunishment.Storage.Objections;
using JointPunishment.Storage.Sampling;
using JointPunishment.Storage.Statistics;
using Microsoft.Extensions.DependencyInjection;

namespace JointPunishment.Storage;

public static class AccountabilityServiceCollectionExtensions
{
    /// <summary>The gateway's PostgreSQL stores for accountability (四(三), 四(四)): complaints and the directory of the agencies they name, the agency ledger and notices, overdue steps, the court record, credit repair, supervision sampling, statistics.</summary>
    public static IServiceCollection AddAccountabilityStores(this IServiceCollection services)
    {
        services.AddSingleton<ComplaintStore>();
        services.AddSingleton<PostgresAgencyDirectory>();
        services.AddSingleton<OverdueStore>();
        services.AddSingleton<CourtRecordStore>();
        services.AddSingleton<ObjectionStore>();
        services.AddSingleton<LedgerStore>();
        services.AddSingleton<CreditRepairFeed>();
        services.AddSingleton<SamplingStore>();
        services.AddSingleton<StatsStore>();
        return services;
    }

    /// <summary>For silos: the public directory of agencies complaints name (<c>jp_agency</c>), kept by the agency grains (see <see cref="IAgencyDirectory"/>).</summary>
    public static IServiceCollection AddAgencyDirectory(this IServiceCollection services)
    {
        services.AddSingleton<PostgresAgencyDirectory>();
        services.AddSingleton<IAgencyDirectory>(sp => sp.GetRequiredService<PostgresAgencyDirectory>());
        return services;
    }
}
