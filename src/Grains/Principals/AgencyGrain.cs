using JointPunishment.Grains.Interfaces;
using JointPunishment.Grains.Interfaces.Principals;
using Microsoft.Extensions.Logging;

namespace JointPunishment.Grains.Principals;

public sealed partial class AgencyGrain(
    [PersistentState("state", StorageNames.Main)] IPersistentState<PrincipalState> state,
    IEnumerable<IAgencyDirectory> directories,
    ILogger<AgencyGrain> logger,
    TimeProvider time) : PrincipalGrain(state, GrainKeys.AgencyPrefix, time), IAgencyGrain
{
    private readonly IAgencyDirectory[] _directories = [.. directories];

    /// <summary>
    /// The public directory of agencies (<c>GET /v1/public/agencies</c>): code, name, and whether the key is revoked.
    /// As for subject projections, a failure on activation must not stop the agency from authenticating: it is logged
    /// and retried with the next change or activation; a failure after a change fails the call and ends the activation.
    /// </summary>
    protected override async Task ProjectAsync(string code, string name, bool active, bool activating, CancellationToken cancellationToken)
    {
        try
        {
            foreach (var directory in _directories)
            {
                await directory.ProjectAsync(code, name, active, cancellationToken);
            }
        }
        catch (Exception ex) when (activating && (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested))
        {
            LogDirectoryOnActivationFailed(ex, code);
        }
        catch when (!activating)
        {
            DeactivateOnIdle();
            throw;
        }
    }

    [LoggerMessage(EventId = 3003, Level = LogLevel.Error, Message = "Projecting agency {Code} to the public directory failed on activation; the agency keeps working and the projection is retried on its next change or activation")]
    private partial void LogDirectoryOnActivationFailed(Exception exception, string code);
}
