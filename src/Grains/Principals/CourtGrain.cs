using JointPunishment.Grains.Interfaces;
using JointPunishment.Grains.Interfaces.Principals;
using Microsoft.Extensions.Logging;

namespace JointPunishment.Grains.Principals;

public sealed class CourtGrain(
    [PersistentState("state", StorageNames.Main)] IPersistentState<PrincipalState> state,
    IEnumerable<IPrincipalDirectory> directories,
    ILogger<CourtGrain> logger,
    TimeProvider time) : PrincipalGrain(state, GrainKeys.CourtPrefix, directories, logger, time), ICourtGrain;
