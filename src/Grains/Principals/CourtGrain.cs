using JointPunishment.Grains.Interfaces;
using JointPunishment.Grains.Interfaces.Principals;

namespace JointPunishment.Grains.Principals;

public sealed class CourtGrain(
    [PersistentState("state", StorageNames.Main)] IPersistentState<PrincipalState> state,
    TimeProvider time) : PrincipalGrain(state, GrainKeys.CourtPrefix, time), ICourtGrain;
