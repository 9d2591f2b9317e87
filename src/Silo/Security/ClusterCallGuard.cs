using System.Runtime.InteropServices;
using System.Security.Cryptography;
using JointPunishment.ClusterSecurity;
using JointPunishment.Grains.Interfaces.Checks;
using JointPunishment.Silo.Extensions;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace JointPunishment.Silo.Security;

/// <summary>
/// Decides every grain call a silo receives by the credential it carries (docs/security.md, "Agencies' Orleans
/// clients"). The platform credential (<see cref="CallCredentials"/>: silos, the HTTP gateway) may call anything. An
/// agency's API key may call only <see cref="ICheckGrain"/>'s checks, and only for the agency the key belongs to: a
/// check made in another agency's name is refused, not rewritten. Anything else is refused, whoever the call says it
/// comes from: a client chooses the sender written in its messages, so the sender proves nothing.
/// </summary>
public sealed partial class ClusterCallGuard(AgencyKeys agencies, IConfiguration configuration, ILogger<ClusterCallGuard> logger) : IIncomingGrainCallFilter
{
    // Made inside a silo only, never read from the network: a grain's own timer ticks. Orleans' client asks any silo
    // for the cluster's grain types before its first call; they name no data.
    private const string TimerTick = "Orleans.Runtime.IGrainTimerInvoker";
    private const string ClusterManifest = "Orleans.Runtime.IClusterManifestSystemTarget";

    private readonly string _platform = CallCredentials.PlatformCredential(configuration);

    public async Task Invoke(IIncomingGrainCallContext context)
    {
        if (IsPlatformCall() || context.Request.GetInterfaceType().FullName is TimerTick or ClusterManifest)
        {
            await context.Invoke();
            return;
        }

        if (RequestContext.Get(CallCredentials.AgencyKey) is not string key)
        {
            throw Refuse(context, "it carries no credential");
        }

        if (context.InterfaceMethod.DeclaringType != typeof(ICheckGrain) || context.Request.GetArgumentCount() != 1)
        {
            throw Refuse(context, "an agency's key opens only the checks");
        }

        var claimed = context.Request.GetArgument(0) switch
        {
            CheckRequest check => check.Agency,
            BatchCheckRequest batch => batch.Agency,
            // Each check inside is answered only in this agency's name (CheckGrain refuses any other).
            CoalescedChecks coalesced => coalesced.Agency,
            _ => null,
        };
        var agency = await agencies.VerifyAsync(key);
        if (agency is null)
        {
            throw Refuse(context, "its agency key is not a registered agency's current key");
        }

        if (!string.Equals(claimed, agency, StringComparison.Ordinal))
        {
            throw Refuse(context, $"its agency key is agency {agency}'s, and the check is made in another agency's name");
        }

        await context.Invoke();
    }

    private bool IsPlatformCall() =>
        RequestContext.Get(CallCredentials.PlatformKey) is string credential
        && CryptographicOperations.FixedTimeEquals(MemoryMarshal.AsBytes(credential.AsSpan()), MemoryMarshal.AsBytes(_platform.AsSpan()));

    private UnauthorizedAccessException Refuse(IIncomingGrainCallContext context, string reason)
    {
        LogRefused(context.InterfaceName, context.MethodName, reason);
        return new UnauthorizedAccessException($"The cluster refuses {context.InterfaceName}.{context.MethodName}: {reason}.");
    }

    [LoggerMessage(EventId = SiloEventIds.CallRefused, Level = LogLevel.Warning, Message = "Refused a call to {Interface}.{Method}: {Reason}")]
    private partial void LogRefused(string @interface, string method, string reason);
}
