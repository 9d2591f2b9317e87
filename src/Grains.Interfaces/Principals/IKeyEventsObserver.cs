namespace JointPunishment.Grains.Interfaces.Principals;

/// <summary>A gateway's listener for key changes, so it stops honouring a rotated or revoked key at once.</summary>
public interface IKeyEventsObserver : IGrainObserver
{
    /// <summary>The key of the principal with grain key <paramref name="principalKey"/> (<c>agency:…</c>, <c>court:…</c>) was rotated or revoked.</summary>
    Task KeyChangedAsync(string principalKey);
}
