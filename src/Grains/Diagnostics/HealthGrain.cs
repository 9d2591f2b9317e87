using JointPunishment.Grains.Interfaces.Diagnostics;
using Orleans.Concurrency;

namespace JointPunishment.Grains.Diagnostics;

[StatelessWorker]
public sealed class HealthGrain : Grain, IHealthGrain
{
    public Task<string> PingAsync() => Task.FromResult(RuntimeIdentity);
}
