namespace JointPunishment.Grains.Interfaces.Diagnostics;

/// <summary>Answers when the cluster can run a grain call: the gateway's <c>/health</c> asks it.</summary>
public interface IHealthGrain : IGrainWithIntegerKey
{
    /// <summary>Returns the address of the silo that answered.</summary>
    Task<string> PingAsync();
}
