using JointPunishment.Storage.Accountability;
using JointPunishment.Storage.CourtRecords;
using JointPunishment.Storage.CreditRepairs;
using JointPunishment.Storage.Deadlines;
using JointPunishment.Storage.Objections;
using JointPunishment.Storage.Sampling;
using JointPunishment.Storage.Statistics;
using Microsoft.Extensions.DependencyInjection;

namespace JointPunishment.Storage;

public static class AccountabilityServiceCollectionExtensions
{
    /// <summary>The gateway's PostgreSQL stores for accountability (四(三), 四(四)): complaints, the agency ledger and notices, overdue steps, the court record, credit repair, supervision sampling, statistics.</summary>
    public static IServiceCollection AddAccountabilityStores(this IServiceCollection services)
    {
        services.AddSingleton<ComplaintStore>();
        services.AddSingleton<OverdueStore>();
        services.AddSingleton<CourtRecordStore>();
        services.AddSingleton<ObjectionStore>();
        services.AddSingleton<LedgerStore>();
        services.AddSingleton<CreditRepairFeed>();
        services.AddSingleton<SamplingStore>();
        services.AddSingleton<StatsStore>();
        return services;
    }
}
