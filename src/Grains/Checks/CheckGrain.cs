using System.Collections.Immutable;
using JointPunishment.Grains.Interfaces.Checks;
using Orleans.Concurrency;

namespace JointPunishment.Grains.Checks;

/// <summary>
/// The check surface for agencies' Orleans clients: a stateless worker on every silo that hands each call to this
/// silo's <see cref="CheckPipeline"/>, where every check rule is (the HTTP gateway runs the same pipeline).
/// </summary>
[StatelessWorker, Reentrant]
public sealed class CheckGrain(CheckPipeline pipeline) : Grain, ICheckGrain
{
    public Task<CheckOutcome> CheckAsync(CheckRequest request) => pipeline.CheckAsync(GrainFactory, request.Agency, request).AsTask();

    public Task<BatchCheckOutcome> CheckBatchAsync(BatchCheckRequest request) =>
        pipeline.CheckBatchAsync(GrainFactory, request.Agency, request.Measure, ImmutableArray<SubjectInput?>.CastUp(request.Subjects));
}
