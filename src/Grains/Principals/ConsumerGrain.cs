using JointPunishment.Grains.Interfaces;
using JointPunishment.Grains.Interfaces.Principals;
using Microsoft.Extensions.Logging;

namespace JointPunishment.Grains.Principals;

public sealed class ConsumerGrain(
    [PersistentState("state", StorageNames.Main)] IPersistentState<PrincipalState> state,
    IEnumerable<IPrincipalDirectory> directories,
    ILogger<ConsumerGrain> logger,
    TimeProvider time) : PrincipalGrain(state, GrainKeys.ConsumerPrefix, directories, logger, time), IConsumerGrain
{
    public Task<bool> RegisterConsumerAsync(string name, ConsumerRole role, string keySecret) => RegisterAsync(name, [], role, keySecret);
}
