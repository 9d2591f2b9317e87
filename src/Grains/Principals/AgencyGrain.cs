using JointPunishment.Grains.Interfaces;
using JointPunishment.Grains.Interfaces.Principals;
using Microsoft.Extensions.Logging;

namespace JointPunishment.Grains.Principals;

public sealed class AgencyGrain(
    [PersistentState("state", StorageNames.Main)] IPersistentState<PrincipalState> state,
    IEnumerable<IPrincipalDirectory> directories,
    ILogger<AgencyGrain> logger,
    TimeProvider time) : PrincipalGrain(state, GrainKeys.AgencyPrefix, directories, logger, time), IAgencyGrain;
