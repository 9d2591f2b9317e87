using System.Diagnostics;

namespace JointPunishment.Bench;

/// <summary>Runs an operation from <c>concurrency</c> loops for a fixed time and reports throughput and latency percentiles.</summary>
public static class LoadDriver
{
    public static async Task<LoadResult> RunAsync(Func<long, Task> operation, int concurrency, TimeSpan duration, TimeSpan warmup)
    {
        var warming = Stopwatch.StartNew();
        await RunLoopsAsync(operation, concurrency, () => warming.Elapsed < warmup, record: false);
        var measuring = Stopwatch.StartNew();
        return await RunLoopsAsync(operation, concurrency, () => measuring.Elapsed < duration, record: true);
    }

    /// <summary>Runs, without warm-up, until <paramref name="until"/> completes.</summary>
    public static Task<LoadResult> RunUntilAsync(Func<long, Task> operation, int concurrency, Task until) =>
        RunLoopsAsync(operation, concurrency, () => !until.IsCompleted, record: true);

    private static async Task<LoadResult> RunLoopsAsync(Func<long, Task> operation, int concurrency, Func<bool> running, bool record)
    {
        var latencies = new List<double>[concurrency];
        long failures = 0;
        long sequence = 0;
        string? firstFailure = null;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async worker =>
        {
            var mine = latencies[worker] = new List<double>(100_000);
            while (running())
            {
                var started = Stopwatch.GetTimestamp();
                try
                {
                    await operation(Interlocked.Increment(ref sequence));
                    if (record)
                    {
                        mine.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                    }
                }
                catch (Exception e)
                {
                    Interlocked.Increment(ref failures);
                    Interlocked.CompareExchange(ref firstFailure, $"{e.GetType().Name}: {e.Message}", null);
                }
            }
        }));
        var seconds = clock.Elapsed.TotalSeconds;
        var all = latencies.SelectMany(l => l).Order().ToArray();
        return all.Length == 0
            ? new LoadResult(0, failures, seconds, 0, 0, firstFailure)
            : new LoadResult(all.Length, failures, seconds, all[all.Length / 2], all[Math.Min(all.Length - 1, (int)(all.Length * 0.99))], firstFailure);
    }
}
