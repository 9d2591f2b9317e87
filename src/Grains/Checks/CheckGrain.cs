using System.Collections.Immutable;
using System.Runtime.InteropServices;
using JointPunishment.Grains.Interfaces.Checks;
using Orleans.Concurrency;
using Orleans.Serialization;

namespace JointPunishment.Grains.Checks;

/// <summary>
/// The check surface for agencies' Orleans clients: a stateless worker on every silo that hands each call to this
/// silo's <see cref="CheckPipeline"/>, where every check rule is (the HTTP gateway runs the same pipeline).
/// </summary>
[StatelessWorker, Reentrant]
public sealed class CheckGrain(CheckPipeline pipeline, Serializer serializer) : Grain, ICheckGrain
{
    /// <summary>Why a coalesced check in another agency's name than its call's is refused.</summary>
    public const string OtherAgency = "the check is made in another agency's name than the call that carries it";

    public Task<CheckOutcome> CheckAsync(CheckRequest request) => pipeline.CheckAsync(GrainFactory, request.Agency, request).AsTask();

    public Task<BatchCheckOutcome> CheckBatchAsync(BatchCheckRequest request) =>
        pipeline.CheckBatchAsync(GrainFactory, request.Agency, request.Measure, ImmutableArray<SubjectInput?>.CastUp(request.Subjects));

    public Task<CoalescedOutcomes> CheckCoalescedAsync(CoalescedChecks checks)
    {
        if (checks.Checks.Length > CoalescedChecks.MaxChecks)
        {
            throw new ArgumentException($"At most {CoalescedChecks.MaxChecks} checks are coalesced into one call; this one carries {checks.Checks.Length}.", nameof(checks));
        }

        // Each check as CheckAsync answers it; those the pipeline answers at once (the unnamed, the invalid) are not
        // awaited, the others are awaited together, each failure kept for its own check.
        var outcomes = new CheckOutcome?[checks.Checks.Length];
        Exception?[]? failures = null;
        List<(int Index, Task<CheckOutcome> Answer)>? pending = null;
        for (var i = 0; i < outcomes.Length; i++)
        {
            var check = checks.Checks[i];
            if (!string.Equals(check.Agency, checks.Agency, StringComparison.Ordinal))
            {
                outcomes[i] = CheckOutcome.Forbidden(OtherAgency);
                continue;
            }

            try
            {
                var answer = pipeline.CheckAsync(GrainFactory, checks.Agency, check);
                if (answer.IsCompletedSuccessfully)
                {
                    outcomes[i] = answer.Result;
                }
                else
                {
                    (pending ??= []).Add((i, answer.AsTask()));
                }
            }
            catch (Exception ex)
            {
                (failures ??= new Exception?[outcomes.Length])[i] = ex;
            }
        }

        return pending is null ? Task.FromResult(Outcomes(outcomes, failures)) : AwaitPendingAsync(outcomes, failures, pending);
    }

    private async Task<CoalescedOutcomes> AwaitPendingAsync(
        CheckOutcome?[] outcomes, Exception?[]? failures, List<(int Index, Task<CheckOutcome> Answer)> pending)
    {
        foreach (var (index, answer) in pending)
        {
            try
            {
                outcomes[index] = await answer;
            }
            catch (Exception ex)
            {
                (failures ??= new Exception?[outcomes.Length])[index] = ex;
            }
        }

        return Outcomes(outcomes, failures);
    }

    private CoalescedOutcomes Outcomes(CheckOutcome?[] outcomes, Exception?[]? failures)
    {
        if (failures is not null)
        {
            for (var i = 0; i < failures.Length; i++)
            {
                failures[i] = failures[i] is { } failure ? Travelling(failure) : null;
            }
        }

        return new(ImmutableCollectionsMarshal.AsImmutableArray(outcomes), failures is null ? [] : ImmutableCollectionsMarshal.AsImmutableArray(failures));
    }

    /// <summary>
    /// <paramref name="failure"/> if Orleans can serialize it, otherwise a <see cref="CheckFailedException"/> saying what it
    /// was: one exception that cannot travel would fail the whole answer, and with it every other check of the call.
    /// Tried only for a check that failed.
    /// </summary>
    private Exception Travelling(Exception failure)
    {
        try
        {
            _ = serializer.SerializeToArray(failure);
            return failure;
        }
        catch (Exception)
        {
            return CheckFailedException.For(failure);
        }
    }
}
