using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using JointPunishment.Grains.Interfaces.Checks;
using JointPunishment.Grains.Interfaces.Model;

namespace JointPunishment.Bench;

/// <summary>
/// The check phases of <c>./bench.sh --churn</c>: the same load as the HTTP (or Orleans-client) check phase while one
/// silo joins and leaves (<see cref="SiloChurn"/>); the load lasts the phase and at least a quarter of it more after
/// the silo has left. A failed request is any non-2xx answer, socket error, exception or wrong decision. wrk cannot
/// tell which answer belongs to which subject, so beside it a few loops check subjects whose decision is known (every
/// tenth a seeded person a check blocked before the phase: <c>block</c>; the rest never listed: <c>allow</c>).
/// </summary>
public static class ChurnPhase
{
    /// <summary>Long enough for a silo to start, join, hold activations and drain under load, with load after it left.</summary>
    public static TimeSpan Duration(BenchOptions o) => TimeSpan.FromSeconds(Math.Max(o.Seconds, 30));

    public static async Task<ChurnOutcome> HttpAsync(BenchOptions o, HttpClient http, string agencyKey, string listedFile, int[] blocked, bool useWrk)
    {
        var (churn, end) = Start(o, 1);
        var verified = LoadDriver.RunUntilAsync(n => VerifiedHttpCheckAsync(http, o.Gateway, n, blocked), useWrk ? 4 : o.Concurrency, end);
        var load = useWrk ? await Wrk.RunUntilAsync(o.Gateway, agencyKey, listedFile, o.Concurrency, end) : await verified;
        return Outcome(load, useWrk ? await verified : null, await churn);
    }

    public static async Task<ChurnOutcome> ClientAsync(BenchOptions o, CheckGrains checks, string agency, int[] blocked)
    {
        var (churn, end) = Start(o, 2);
        var load = await LoadDriver.RunUntilAsync(n => VerifiedClientCheckAsync(checks, agency, n, blocked), o.Concurrency, end);
        return Outcome(load, null, await churn);
    }

    /// <summary>Starts the churn; the second task completes when the load is to end.</summary>
    private static (Task<ChurnTimes> Churn, Task End) Start(BenchOptions o, int number)
    {
        var phase = Duration(o);
        var clock = Stopwatch.StartNew();
        var churn = SiloChurn.RunAsync(o, number, phase, clock);
        return (churn, EndAsync());

        async Task EndAsync()
        {
            await ((Task)churn).ContinueWith(_ => { }, TaskScheduler.Default);
            var end = clock.Elapsed + phase / 4;
            await Task.Delay((end > phase ? end : phase) - clock.Elapsed);
        }
    }

    private static ChurnOutcome Outcome(LoadResult load, LoadResult? verified, ChurnTimes times)
    {
        foreach (var why in new[] { load.FirstFailure, verified?.FirstFailure }.OfType<string>())
        {
            Console.Error.WriteLine($"[bench {DateTime.Now:HH:mm:ss}] churn: first failure: {why}");
        }

        return new ChurnOutcome(load, load.Failures + (verified?.Failures ?? 0), load.Operations + (verified?.Operations ?? 0), times);
    }

    private static (string Number, bool Listed) Subject(long n, int[] blocked) =>
        n % 10 == 0 ? (Ids.ListedPerson(blocked[(int)(n / 10 * 7919 % blocked.Length)]), true) : (Ids.Unlisted((int)(n % 5_000_000)), false);

    private static async Task VerifiedHttpCheckAsync(HttpClient http, string baseUrl, long n, int[] blocked)
    {
        var (number, listed) = Subject(n, blocked);
        using var response = await http.PostAsJsonAsync($"{baseUrl}/v1/checks", new { measure = SeedCheck.Measure, subject = new { idType = "resident_id", idNumber = number } });
        response.EnsureSuccessStatusCode();
        var decision = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("decision").GetString();
        Expect(decision == (listed ? "block" : "allow"), decision, listed);
    }

    private static async Task VerifiedClientCheckAsync(CheckGrains checks, string agency, long n, int[] blocked)
    {
        var (number, listed) = Subject(n, blocked);
        var outcome = await checks.CheckAsync(new CheckRequest(agency, SeedCheck.Measure, new SubjectInput(IdType.ResidentId, number)));
        var decision = outcome.Result?.Decision;
        Expect(decision == (listed ? Decision.Block : Decision.Allow), decision?.ToString() ?? $"error {outcome.Error}", listed);
    }

    private static void Expect(bool right, string? decision, bool listed)
    {
        if (!right)
        {
            throw new InvalidOperationException($"wrong decision: {decision} for a {(listed ? "listed" : "never-listed")} subject");
        }
    }
}
