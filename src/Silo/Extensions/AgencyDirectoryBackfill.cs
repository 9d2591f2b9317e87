using JointPunishment.Grains.Interfaces.Principals;
using JointPunishment.Storage.Directory;
using Microsoft.Extensions.Logging;
using Orleans.Runtime;

namespace JointPunishment.Silo.Extensions;

/// <summary>
/// Start-up task: the public directory of agencies (<c>jp_agency</c>) is kept by the agency grains, on each change and
/// activation; an agency registered before the directory existed and not active since is missing from it. Each such
/// agency (a stored agency state without a directory row: only the clear keys are read) is activated once, which
/// projects it. After the first start nothing is missing and the task reads one empty result. A failure is logged and
/// the silo starts anyway: the agencies not reached appear with their next activation or the next silo start.
/// </summary>
public sealed partial class AgencyDirectoryBackfill(
    PostgresAgencyDirectory directory, IGrainFactory grains, ILogger<AgencyDirectoryBackfill> logger) : IStartupTask
{
    public async Task Execute(CancellationToken cancellationToken)
    {
        try
        {
            var keys = await directory.UnprojectedAgencyKeysAsync(cancellationToken);
            foreach (var key in keys)
            {
                await grains.GetGrain<IAgencyGrain>(key).GetAsync().WaitAsync(cancellationToken);
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

    [LoggerMessage(EventId = 5004, Level = LogLevel.Information, Message = "Projected {Count} agencies registered before the public directory of agencies existed")]
    private partial void LogBackfilled(int count);

    [LoggerMessage(EventId = 5005, Level = LogLevel.Warning, Message = "Projecting the agencies missing from the public directory failed; those not reached appear with their next activation or silo start")]
    private partial void LogBackfillFailed(Exception exception);
}
