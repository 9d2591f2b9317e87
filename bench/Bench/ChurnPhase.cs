using System.Net.Http.Json;
using System.Text.Json;
using JointPunishment.Grains.Interfaces.Checks;
using JointPunishment.Grains.Interfaces.Model;

namespace JointPunishment.Bench;

/// <summary>
/// The check phases of <c>./bench.sh --churn</c>: the same load as the HTTP (or Orleans-client) check phase while one
/// silo joins and leaves (<see cref="SiloChurn"/>). A failed request is any non-2xx answer, socket error, exception or
/// wrong decision. wrk cannot tell which answer belongs to which subject, so beside it a few loops check subjects whose
/// decision is known (every tenth listed: <c>block</c>; the rest never listed: <c>allow</c>).
/// </summary>
public static class ChurnPhase
{
    /// <summary>Long enough for a silo to start, join, hold activations and drain under load, with load after it left.</summary>
    public static TimeSpan Duration(BenchOptions o) => TimeSpan.FromSeconds(Math.Max(o.Seconds, 30));

    public static async Task<ChurnOutcome> HttpAsync(BenchOptions o, HttpClient http, string agencyKey, string listedFile, int persons, bool useWrk)
    {
        var duration = Duration(o);
        var churn = SiloChurn.RunAsync(o, 1, duration);
        var verified = LoadDriver.RunAsync(n => VerifiedHttpCheckAsync(http, o.Gateway, n, persons), useWrk ? 4 : o.Concurrency, duration, TimeSpan.Zero);
        var load = useWrk ? await Wrk.RunOnceAsync(o.Gateway, agencyKey, listedFile, o.Concurrency, duration) : await verified;
        return Outcome(load, useWrk ? await verified : null, await churn);
    }

    public static async Task<ChurnOutcome> ClientAsync(BenchOptions o, ICheckGrain checks, string agency, int persons)
    {
        var duration = Duration(o);
        var churn = SiloChurn.RunAsync(o, 2, duration);
        var load = await LoadDriver.RunAsync(n => VerifiedClientCheckAsync(checks, agency, n, persons), o.Concurrency, duration, TimeSpan.Zero);
        return Outcome(load, null, await churn);
    }

    private static ChurnOutcome Outcome(LoadResult load, LoadResult? verified, ChurnTimes times)
    {
        foreach (var why in new[] { load.FirstFailure, verified?.FirstFailure }.OfType<string>())
        {
            Console.Error.WriteLine($"[bench {DateTime.Now:HH:mm:ss}] churn: first failure: {why}");
        }

        return new ChurnOutcome(load, load.Failures + (verified?.Failures ?? 0), load.Operations + (verified?.Operations ?? 0), times);
    }

    private static (string Number, bool Listed) Subject(long n, int persons) =>
        n % 10 == 0 ? (Ids.ListedPerson((int)((n / 10 * 7919) % persons)), true) : (Ids.Unlisted((int)(n % 5_000_000)), false);

    private static async Task VerifiedHttpCheckAsync(HttpClient http, string baseUrl, long n, int persons)
    {
        var (number, listed) = Subject(n, persons);
        using var response = await http.PostAsJsonAsync($"{baseUrl}/v1/checks", new { measure = "consumption.air", subject = new { idType = "resident_id", idNumber = number } });
        response.EnsureSuccessStatusCode();
        var decision = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("decision").GetString();
        Expect(decision == (listed ? "block" : "allow"), decision, listed);
    }

    private static async Task VerifiedClientCheckAsync(ICheckGrain checks, string agency, long n, int persons)
    {
        var (number, listed) = Subject(n, persons);
        var outcome = await checks.CheckAsync(new CheckRequest(agency, "consumption.air", new SubjectInput(IdType.ResidentId, number)));
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
