using Microsoft.Extensions.Logging;
using Orleans.Runtime;
using JointPunishment.Grains.Diagnostics;

namespace JointPunishment.Grains.Checks;

/// <summary>
/// Start-up task: activates the named-subject index shards before the silo serves, so the first checks do not wait
/// for shards to read PostgreSQL. Only a head start: a shard it cannot reach (its silo died while this one was
/// starting) is activated again by the first call that needs it. So a failure is logged and the silo starts anyway;
/// failing the start would stop the one silo left to take over from the dead one.
/// </summary>
public sealed partial class RestrictedIndexWarmUp(IGrainFactory grains, ILogger<RestrictedIndexWarmUp> logger) : IStartupTask
{
    public async Task Execute(CancellationToken cancellationToken)
    {
        try
        {
            await RestrictedIndex.WarmUpAsync(grains).WaitAsync(cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            LogWarmUpFailed(exception);
        }
    }

    [LoggerMessage(EventId = GrainsEventIds.IndexWarmUpFailed, Level = LogLevel.Warning, Message = "Activating the index shards before serving failed; the shards not reached are activated by their first call")]
    private partial void LogWarmUpFailed(Exception exception);
}
