using JointPunishment.Grains.Principals;
using JointPunishment.Storage.Accountability;
using JointPunishment.Storage.Checks;
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
    /// <summary>The gateway's PostgreSQL stores for accountability (四(三), 四(四)): complaints and the directory of the agencies they name (with the courts and consumers the operator lists), the agency ledger and notices, overdue steps, the court record, credit repair, supervision sampling, statistics, agencies' feedback.</summary>
    public static IServiceCollection AddAccountabilityStores(this IServiceCollection services)
    {
        services.AddSingleton<ComplaintStore>();
        services.AddSingleton<PostgresPrincipalDirectory>();
        services.AddSingleton<OverdueStore>();
        services.AddSingleton<CourtRecordStore>();
        services.AddSingleton<ObjectionStore>();
        services.AddSingleton<LedgerStore>();
        services.AddSingleton<CreditRepairFeed>();
        services.AddSingleton<SamplingStore>();
        services.AddSingleton<StatsStore>();
        services.AddSingleton<FeedbackStore>();
        return services;
    }

    /// <summary>For silos: the directory of principals (<c>jp_principal</c>, and <c>jp_agency</c> the public's choice of agency), kept by the principal grains (see <see cref="IPrincipalDirectory"/>).</summary>
    public static IServiceCollection AddPrincipalDirectory(this IServiceCollection services)
    {
        services.AddSingleton<PostgresPrincipalDirectory>();
        services.AddSingleton<IPrincipalDirectory>(sp => sp.GetRequiredService<PostgresPrincipalDirectory>());
        return services;
    }
}
