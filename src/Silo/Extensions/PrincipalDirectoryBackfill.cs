using JointPunishment.Grains.Interfaces;
using JointPunishment.Grains.Interfaces.Principals;
using JointPunishment.Storage.Directory;
using Microsoft.Extensions.Logging;
using Orleans.Runtime;

namespace JointPunishment.Silo.Extensions;

/// <summary>
/// Start-up task: the directory of principals (<c>jp_principal</c>, and <c>jp_agency</c> for agencies) is kept by the
/// agency, court and consumer grains, on each change and activation; one registered before the directory existed and
/// not active since is missing from it. Each such principal (a stored state without a directory row: only the clear
/// keys are read) is activated once, which projects it. After the first start nothing is missing and the task reads
/// one empty result. A failure is logged and the silo starts anyway: those not reached appear with their next
/// activation or the next silo start.
/// </summary>
public sealed partial class PrincipalDirectoryBackfill(
    PostgresPrincipalDirectory directory, IGrainFactory grains, ILogger<PrincipalDirectoryBackfill> logger) : IStartupTask
{
    public async Task Execute(CancellationToken cancellationToken)
    {
        try
        {
            var keys = await directory.UnprojectedPrincipalKeysAsync(cancellationToken);
            foreach (var key in keys)
            {
                IPrincipalGrain principal = key.StartsWith(GrainKeys.AgencyPrefix, StringComparison.Ordinal) ? grains.GetGrain<IAgencyGrain>(key)
                    : key.StartsWith(GrainKeys.CourtPrefix, StringComparison.Ordinal) ? grains.GetGrain<ICourtGrain>(key)
                    : grains.GetGrain<IConsumerGrain>(key);
                await principal.GetAsync().WaitAsync(cancellationToken);
            }

            if (keys.Count > 0)
            {
                LogBackfilled(keys.Count);
            }
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            LogBackfillFailed(exception);
        }
    }

    [LoggerMessage(EventId = 5004, Level = LogLevel.Information, Message = "Projected {Count} agencies, courts and consumers registered before the directory of principals existed")]
    private partial void LogBackfilled(int count);

    [LoggerMessage(EventId = 5005, Level = LogLevel.Warning, Message = "Projecting the principals missing from the directory failed; those not reached appear with their next activation or silo start")]
    private partial void LogBackfillFailed(Exception exception);
}
