using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;

namespace JointPunishment.Bench;

/// <summary>
/// Court acknowledgement → block: lists new persons one at a time through a court's client and, from the moment each
/// listing is acknowledged, checks that person through an agency's client until the check answers <c>block</c>. Both
/// clients are one node's (the bench's freshness) or the upstream's court and its follower's agency (<c>./bench.sh
/// --federation</c>).
/// </summary>
public static class Freshness
{
    /// <summary>How long a listing may take to block before the run fails: far beyond any target, so only a fault reaches it.</summary>
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    /// <summary>Lists persons <c>firstNew</c>, <c>firstNew + 1</c>, … while <paramref name="another"/> (listings so far, time so far) holds.</summary>
    public static async Task<Latencies> MeasureAsync(HttpClient court, HttpClient agency, string runId, int firstNew, Func<int, TimeSpan, bool> another)
    {
        var lags = new List<double>();
        var clock = Stopwatch.StartNew();
        for (var k = 0; another(k, clock.Elapsed); k++)
        {
            var number = Ids.ListedPerson(firstNew + k);
            var eventId = $"fresh-{runId}-{k}";
            using var listed = await court.PostAsJsonAsync("/v1/court/events", new
            {
                events = new[] { new { eventId, type = "listed", caseNumber = $"(2026)京01执新{runId}-{k}号", subject = new { idType = "resident_id", idNumber = number, name = "新" }, listedOn = "2026-01-01", @public = true } },
            });
            listed.EnsureSuccessStatusCode();
            var acknowledged = Stopwatch.GetTimestamp();
            while (await DecisionAsync(agency, number) != "block")
            {
                if (Stopwatch.GetElapsedTime(acknowledged) > Patience)
                {
                    throw new TimeoutException($"listing {eventId} was acknowledged but checks at {agency.BaseAddress} did not block it within {Patience.TotalSeconds:F0} s");
                }
            }

            lags.Add(Stopwatch.GetElapsedTime(acknowledged).TotalMilliseconds);
        }

        return Latencies.Of(lags);
    }

    private static async Task<string?> DecisionAsync(HttpClient agency, string number)
    {
        using var check = await agency.PostAsJsonAsync("/v1/checks", new { measure = "consumption.air", subject = new { idType = "resident_id", idNumber = number } });
        check.EnsureSuccessStatusCode();
        return (await check.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("decision").GetString();
    }
}
