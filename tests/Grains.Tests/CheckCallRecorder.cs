using System.Collections.Concurrent;
using JointPunishment.Grains.Interfaces.Checks;

namespace JointPunishment.Grains.Tests;

/// <summary>The test client's calls to <see cref="ICheckGrain"/>: the keys they went to, and the most that were in flight at once.</summary>
public sealed class CheckCallRecorder : IOutgoingGrainCallFilter
{
    private readonly ConcurrentDictionary<long, int> _keys = new();
    private int _inFlight;
    private int _mostInFlight;

    public IReadOnlyCollection<long> Keys => [.. _keys.Keys];

    public int MostInFlight => Volatile.Read(ref _mostInFlight);

    public void Reset()
    {
        _keys.Clear();
        Volatile.Write(ref _mostInFlight, 0);
    }

    public async Task Invoke(IOutgoingGrainCallContext context)
    {
        if (context.InterfaceMethod?.DeclaringType != typeof(ICheckGrain))
        {
            await context.Invoke();
            return;
        }

        _keys.TryAdd(context.TargetId.GetIntegerKey(), 0);
        var inFlight = Interlocked.Increment(ref _inFlight);
        for (var most = MostInFlight; inFlight > most; most = MostInFlight)
        {
            Interlocked.CompareExchange(ref _mostInFlight, inFlight, most);
        }

        try
        {
            await context.Invoke();
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
        }
    }
}
