namespace JointPunishment.Grains.Tests;

/// <summary>Switch for <see cref="OfficerDeliveryFaultFilter"/>: while on, officer updates fail as if the officer's silo had died.</summary>
public sealed class OfficerDeliveryFault
{
    public volatile bool Failing;
}
