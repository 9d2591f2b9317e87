using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;

namespace JointPunishment.Bench;

/// <summary>
/// One silo joining and leaving the running cluster during a load phase (<c>./bench.sh --churn</c>): at 25% of the
/// phase it starts <c>./run.sh silo</c> on the same data dir, waits until <c>GET /v1/cluster</c> shows one more active
/// silo, lets it take activations until 60% of the phase (at least 8 s after it joined: the HTTP gateway refreshes its
/// list of silo gateways every 5 s), counts its activations, then sends it SIGTERM and
/// waits for its graceful drain to end. The load runs throughout and goes on after it (see <see cref="ChurnPhase"/>).
/// </summary>
public static class SiloChurn
{
    private static readonly TimeSpan Hold = TimeSpan.FromSeconds(8);
    private static readonly TimeSpan JoinTimeout = TimeSpan.FromMinutes(2);
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(250);

    /// <summary>Joins and stops one silo; <paramref name="clock"/> runs from the start of the phase's load.</summary>
    public static async Task<ChurnTimes> RunAsync(BenchOptions o, int number, TimeSpan phase, Stopwatch clock)
    {
        using var http = new HttpClient { BaseAddress = new Uri(o.Gateway), Timeout = TimeSpan.FromSeconds(5) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", o.OperatorKey);
        var before = await ClusterAsync(http) is { } cluster ? Addresses(cluster) : throw new InvalidOperationException("GET /v1/cluster failed before the churn");
        await DelayUntilAsync(clock, phase * 0.25);

        var log = Path.Combine(o.Work, "logs", $"churn-silo-{number}.log");
        var start = new ProcessStartInfo("/bin/sh") { UseShellExecute = false };
        // exec all the way down (sh → run.sh → dotnet), so the pid is the silo's own and SIGTERM reaches it.
        foreach (var arg in new[] { "-c", "exec \"$0\" silo > \"$1\" 2>&1", o.Churn, log })
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["JP_DATA_DIR"] = o.Work;
        using var silo = Process.Start(start)!;
        var pidFile = Path.Combine(o.Work, "churn-silo.pid");
        await File.WriteAllTextAsync(pidFile, silo.Id.ToString(CultureInfo.InvariantCulture));
        var startedAt = clock.Elapsed;
        Log($"silo {number} (pid {silo.Id}) starting at {startedAt.TotalSeconds:F1} s, log {log}");
        double joinedAt = -1, stoppedAt, leftAt;
        long activations = -1;
        try
        {
            while (clock.Elapsed - startedAt < JoinTimeout && !silo.HasExited)
            {
                if (await ClusterAsync(http) is { } now && CountActive(now) > before.Count)
                {
                    joinedAt = clock.Elapsed.TotalSeconds;
                    break;
                }

                await Task.Delay(Poll);
            }

            if (joinedAt < 0)
            {
                Log($"silo {number} did not become active within {JoinTimeout.TotalSeconds:F0} s");
            }
            else
            {
                Log($"silo {number} active at {joinedAt:F1} s");
                await DelayUntilAsync(clock, Max(phase * 0.6, TimeSpan.FromSeconds(joinedAt) + Hold));
                activations = await ClusterAsync(http) is { } held ? ActivationsOfNew(held, before) : -1;
            }
        }
        finally
        {
            stoppedAt = clock.Elapsed.TotalSeconds;
            await Signals.SendAsync(silo.Id, "TERM");
            await silo.WaitForExitAsync();
            leftAt = clock.Elapsed.TotalSeconds;
            File.Delete(pidFile);
            Log($"silo {number} held {activations} activations, was sent SIGTERM at {stoppedAt:F1} s, exited ({silo.ExitCode}) at {leftAt:F1} s");
        }

        return new ChurnTimes(Math.Round(startedAt.TotalSeconds, 1), Math.Round(joinedAt, 1), Math.Round(stoppedAt, 1), Math.Round(leftAt, 1)) { Activations = activations };
    }

    /// <summary>The number of silos whose status is <c>active</c> in a <c>GET /v1/cluster</c> body.</summary>
    public static int CountActive(JsonElement cluster) =>
        cluster.GetProperty("silos").EnumerateArray().Count(s => s.GetProperty("status").GetString() == "active");

    /// <summary>The activations of the active silos whose address is not among <paramref name="before"/>.</summary>
    public static long ActivationsOfNew(JsonElement cluster, IReadOnlySet<string> before) =>
        cluster.GetProperty("silos").EnumerateArray()
            .Where(s => s.GetProperty("status").GetString() == "active" && !before.Contains(s.GetProperty("address").GetString()!))
            .Sum(s => s.GetProperty("activations").GetInt64());

    private static HashSet<string> Addresses(JsonElement cluster) =>
        [.. cluster.GetProperty("silos").EnumerateArray().Where(s => s.GetProperty("status").GetString() == "active").Select(s => s.GetProperty("address").GetString()!)];

    private static async Task<JsonElement?> ClusterAsync(HttpClient http)
    {
        try
        {
            using var response = await http.GetAsync("/v1/cluster");
            return response.IsSuccessStatusCode ? await JsonSerializer.DeserializeAsync<JsonElement>(await response.Content.ReadAsStreamAsync()) : null;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return null;
        }
    }

    private static async Task DelayUntilAsync(Stopwatch clock, TimeSpan at)
    {
        var wait = at - clock.Elapsed;
        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait);
        }
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    private static void Log(string message) => Console.Error.WriteLine($"[bench {DateTime.Now:HH:mm:ss}] churn: {message}");
}
