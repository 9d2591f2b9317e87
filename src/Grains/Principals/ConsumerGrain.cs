using JointPunishment.Grains.Interfaces;
using JointPunishment.Grains.Interfaces.Principals;

namespace JointPunishment.Grains.Principals;

public sealed class ConsumerGrain(
    [PersistentState("state", StorageNames.Main)] IPersistentState<PrincipalState> state,
    TimeProvider time) : PrincipalGrain(state, GrainKeys.ConsumerPrefix, time), IConsumerGrain
{
    public Task<bool> RegisterConsumerAsync(string name, ConsumerRole role, string keySecret) => RegisterAsync(name, [], role, keySecret);
}
