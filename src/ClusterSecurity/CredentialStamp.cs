using Orleans.Runtime;

namespace JointPunishment.ClusterSecurity;

/// <summary>
/// Puts one credential into the request context of every outgoing grain call, except calls to an Orleans client
/// (an observer): a credential goes only to silos.
/// </summary>
internal sealed class CredentialStamp(string key, string value) : IOutgoingGrainCallFilter
{
    public Task Invoke(IOutgoingGrainCallContext context)
    {
        if (context.TargetId.IsClient())
        {
            if (RequestContext.Get(key) is not null)
            {
                RequestContext.Remove(key);
            }
        }
        else if (!ReferenceEquals(RequestContext.Get(key), value))
        {
            // Set copies the context: skip it when this call's context already carries the credential.
            RequestContext.Set(key, value);
        }

        return context.Invoke();
    }
}
