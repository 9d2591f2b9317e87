using Orleans.Runtime;

namespace JointPunishment.ClusterSecurity;

/// <summary>
/// Puts one credential into the request context of every outgoing grain call, observers' included: a silo's own
/// observers (its index replica) are guarded like grains. Silos call no agency client's observer: an agency can
/// register none, since its key opens only the checks, which take no observer.
/// </summary>
internal sealed class CredentialStamp(string key, string value) : IOutgoingGrainCallFilter
{
    public Task Invoke(IOutgoingGrainCallContext context)
    {
        if (!ReferenceEquals(RequestContext.Get(key), value))
        {
            // Set copies the context: skip it when this call's context already carries the credential.
            RequestContext.Set(key, value);
        }

        return context.Invoke();
    }
}
