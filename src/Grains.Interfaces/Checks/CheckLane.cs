namespace JointPunishment.Grains.Interfaces.Checks;

/// <summary>
/// One lane of <see cref="CheckGrains"/>: one call in flight at a time, to its keys' grains in turn; the checks that
/// arrive meanwhile wait and go together in the next call, up to <see cref="CoalescedChecks.MaxChecks"/> of the first
/// waiting check's agency (the rest wait for the call after).
/// </summary>
internal sealed class CheckLane(ICheckGrain[] grains)
{
    private readonly Lock _gate = new();
    private List<Waiting>? _waiting;
    private bool _calling;
    private long _calls;
    private long _checks;
    private uint _turn;

    /// <summary>Calls this lane has sent for single checks, and the checks they carried.</summary>
    public (long Calls, long Checks) Sent => (Interlocked.Read(ref _calls), Interlocked.Read(ref _checks));

    public Task<CheckOutcome> CheckAsync(CheckRequest request)
    {
        lock (_gate)
        {
            if (_calling)
            {
                var waiting = new Waiting(request);
                (_waiting ??= []).Add(waiting);
                return waiting.Task;
            }

            _calling = true;
        }

        return CallOneAsync(request);
    }

    private async Task<CheckOutcome> CallOneAsync(CheckRequest request)
    {
        var grain = StartCall(1);
        try
        {
            return await grain.CheckAsync(request);
        }
        finally
        {
            CallWaiting();
        }
    }

    /// <summary>Sends the checks that waited, if any; otherwise the lane is idle again.</summary>
    private void CallWaiting()
    {
        List<Waiting> batch;
        lock (_gate)
        {
            if (_waiting is not { Count: > 0 } waiting)
            {
                _calling = false;
                return;
            }

            batch = Take(waiting);
            if (batch == waiting)
            {
                _waiting = null;
            }
        }

        // Not awaited: its outcome reaches the waiting checks' tasks, and it calls the next waiting ones itself.
        _ = CallManyAsync(batch);
    }

    private async Task CallManyAsync(List<Waiting> batch)
    {
        var grain = StartCall(batch.Count);
        CoalescedOutcomes? answers = null;
        Exception? failed = null;
        try
        {
            answers = batch.Count == 1
                ? new CoalescedOutcomes([await grain.CheckAsync(batch[0].Request)], [])
                : await grain.CheckCoalescedAsync(new CoalescedChecks(batch[0].Request.Agency, [.. batch.Select(w => w.Request)]));
            if (answers.Outcomes.Length != batch.Count)
            {
                throw new InvalidOperationException($"{batch.Count} coalesced checks were answered with {answers.Outcomes.Length} outcomes.");
            }
        }
        catch (Exception ex)
        {
            // The call itself failed (refused, timed out, the silo lost): every check it carried fails with it.
            failed = ex;
        }

        // Each caller's continuation is queued to the thread pool (Waiting), so none runs on this thread.
        Complete(batch, answers, failed);
        CallWaiting();
    }

    private static void Complete(List<Waiting> batch, CoalescedOutcomes? answers, Exception? failed)
    {
        for (var i = 0; i < batch.Count; i++)
        {
            if (failed is not null || answers is null)
            {
                batch[i].TrySetException(failed ?? new InvalidOperationException("A coalesced call returned no answers."));
            }
            else if (!answers.Failures.IsDefaultOrEmpty && answers.Failures[i] is { } failure)
            {
                batch[i].TrySetException(failure);
            }
            else if (answers.Outcomes[i] is { } outcome)
            {
                batch[i].TrySetResult(outcome);
            }
            else
            {
                batch[i].TrySetException(new InvalidOperationException("A coalesced check was answered with neither an outcome nor a failure."));
            }
        }
    }

    /// <summary>Counts a call of <paramref name="checks"/> checks and gives the grain it goes to: the lane's next key in turn.</summary>
    private ICheckGrain StartCall(int checks)
    {
        Interlocked.Increment(ref _calls);
        Interlocked.Add(ref _checks, checks);
        // One call in flight at a time: only the caller holding the lane turns it.
        return grains[_turn++ % (uint)grains.Length];
    }

    /// <summary>The next call's checks, taken out of <paramref name="waiting"/>; <paramref name="waiting"/> itself when all of them go.</summary>
    private static List<Waiting> Take(List<Waiting> waiting)
    {
        var agency = waiting[0].Request.Agency;
        if (waiting.Count <= CoalescedChecks.MaxChecks && waiting.TrueForAll(w => string.Equals(w.Request.Agency, agency, StringComparison.Ordinal)))
        {
            return waiting;
        }

        var batch = new List<Waiting>(Math.Min(waiting.Count, CoalescedChecks.MaxChecks));
        var kept = 0;
        for (var i = 0; i < waiting.Count; i++)
        {
            var w = waiting[i];
            if (batch.Count < CoalescedChecks.MaxChecks && string.Equals(w.Request.Agency, agency, StringComparison.Ordinal))
            {
                batch.Add(w);
            }
            else
            {
                waiting[kept++] = w;
            }
        }

        waiting.RemoveRange(kept, waiting.Count - kept);
        return batch;
    }

    /// <summary>A check waiting for the call in flight; its caller's continuation never runs on the lane's thread.</summary>
    private sealed class Waiting(CheckRequest request) : TaskCompletionSource<CheckOutcome>(TaskCreationOptions.RunContinuationsAsynchronously)
    {
        public CheckRequest Request { get; } = request;
    }
}
