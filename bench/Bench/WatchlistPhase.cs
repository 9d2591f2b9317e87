using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Npgsql;

namespace JointPunishment.Bench;

/// <summary>
/// Watchlists (issue 22 item 1) through HTTP: adding <see cref="BenchOptions.Watched"/> members in calls of 10,000
/// (1% of them listed persons, who alert at once), the stored bytes per member, and the alert latency — court
/// acknowledgement to the alert readable in <c>GET /v1/alerts</c> — for listings of watched members under check load.
/// </summary>
public static class WatchlistPhase
{
    private const int MembersPerCall = 10_000;
    private const int AddCallsInFlight = 4;
    private const int LagListings = 200;

    /// <summary>Adds <c>watchAddPerSec</c>, <c>bytesPerWatchedMember</c>, <c>watchedMembers</c>, <c>alertLagP50Ms</c>, <c>alertLagP99Ms</c> to <paramref name="figures"/>.</summary>
    /// <param name="o">The bench's settings (<see cref="BenchOptions.Watched"/>: members to add).</param>
    /// <param name="courtKey">The bench court's key, which lists the timed members.</param>
    /// <param name="agencyKey">The bench agency's key (it holds consumption.air).</param>
    /// <param name="runId">Makes event ids and case numbers unique to the run.</param>
    /// <param name="persons">Listed persons seeded: 1% of the members are among them.</param>
    /// <param name="checkLoad">Starts the bench's check load for a while; the latency is measured under it.</param>
    /// <param name="firstNew">The first listed-person number no phase has used, for the listings whose alerts are timed.</param>
    /// <param name="figures">The JSON line's figures.</param>
    public static async Task RunAsync(
        BenchOptions o, string courtKey, string agencyKey, string runId, int persons, int firstNew, Func<TimeSpan, Task> checkLoad, Dictionary<string, object> figures)
    {
        using var agency = BenchSeed.Client(o.Gateway, agencyKey);
        using var court = BenchSeed.Client(o.Gateway, courtKey);

        Log($"watchlists: adding {o.Watched:N0} members in calls of {MembersPerCall:N0}");
        // The request bodies are written before the clock starts: the figure is the platform's rate, and this process
        // shares the machine's cores with it (as wrk does for the check phases, nothing of the client is timed).
        var calls = (o.Watched + MembersPerCall - 1) / MembersPerCall;
        var bodies = Enumerable.Range(0, calls).Select(call => JsonSerializer.SerializeToUtf8Bytes(new
        {
            measure = "consumption.air",
            add = Enumerable.Range(call * MembersPerCall, Math.Min(MembersPerCall, o.Watched - call * MembersPerCall)).Select(i => new
            {
                @ref = $"m{i}",
                idType = "resident_id",
                idNumber = i % 100 == 0 ? Ids.ListedPerson(i / 100 * 7919 % persons) : Ids.Unlisted(i),
            }),
        })).ToArray();
        var clock = Stopwatch.StartNew();
        await Parallel.ForAsync(0, calls, new ParallelOptions { MaxDegreeOfParallelism = AddCallsInFlight }, async (call, ct) =>
        {
            using var content = new ByteArrayContent(bodies[call]);
            content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            await PostAsync(agency, "/v1/watchlists/staff/members", content);
        });
        var addSeconds = clock.Elapsed.TotalSeconds;
        var (members, bytes) = await StoredAsync(o.Postgres);
        Log($"added {o.Watched:N0} members in {addSeconds:F1} s; {members:N0} rows, {bytes / 1_048_576.0:F0} MiB with indexes");

        // 200 persons never listed, watched first, then listed one by one while the check load runs.
        var refs = Enumerable.Range(0, LagListings).Select(k => $"lag{k}").ToArray();
        await PostAsync(agency, "/v1/watchlists/lag/members", new
        {
            measure = "consumption.air",
            add = refs.Select((r, k) => new { @ref = r, idType = "resident_id", idNumber = Ids.ListedPerson(firstNew + k) }).ToArray(),
        });
        var cursor = await EndOfFeedAsync(agency);
        Log($"alert latency: {LagListings} listings of watched members under check load");
        var load = checkLoad(TimeSpan.FromSeconds(Math.Max(o.Seconds, 10) * 3));
        var lags = new List<double>(LagListings);
        for (var k = 0; k < LagListings; k++)
        {
            await PostAsync(court, "/v1/court/events", new
            {
                events = new[]
                {
                    new
                    {
                        eventId = $"watch-{runId}-{k}", type = "listed", caseNumber = $"(2026)京01执观{runId}-{k}号", listedOn = "2026-01-01", @public = true,
                        subject = new { idType = "resident_id", idNumber = Ids.ListedPerson(firstNew + k), name = "观察" },
                    },
                },
            });
            var acknowledged = Stopwatch.GetTimestamp();
            while (true)
            {
                var page = await GetAsync(agency, $"/v1/alerts?after={cursor}&limit=1000");
                cursor = page.GetProperty("next").GetString()!;
                if (page.GetProperty("items").EnumerateArray().Any(a => a.GetProperty("ref").GetString() == refs[k]))
                {
                    lags.Add(Stopwatch.GetElapsedTime(acknowledged).TotalMilliseconds);
                    break;
                }
            }
        }

        await load;
        var lag = Latencies.Of(lags);
        figures["watchedMembers"] = members;
        figures["watchAddPerSec"] = Math.Round(o.Watched / addSeconds);
        // Nothing is kept in memory per member (the gateway and silos hold no watchlist state): the stored bytes are all.
        figures["bytesPerWatchedMember"] = Math.Round(bytes / Math.Max(1.0, members), 1);
        figures["alertLagP50Ms"] = Math.Round(lag.P50Ms, 2);
        figures["alertLagP99Ms"] = Math.Round(lag.P99Ms, 2);
    }

    private static async Task PostAsync(HttpClient http, string path, object body)
    {
        using var content = JsonContent.Create(body);
        await PostAsync(http, path, content);
    }

    private static async Task PostAsync(HttpClient http, string path, HttpContent content)
    {
        using var response = await http.PostAsync(path, content);
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"{(int)response.StatusCode} for {path}: {await response.Content.ReadAsStringAsync()}");
        }
    }

    private static async Task<JsonElement> GetAsync(HttpClient http, string path)
    {
        using var response = await http.GetAsync(path);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private static async Task<string> EndOfFeedAsync(HttpClient agency)
    {
        var cursor = "0";
        while (true)
        {
            var page = await GetAsync(agency, $"/v1/alerts?after={cursor}&limit=1000");
            cursor = page.GetProperty("next").GetString()!;
            if (page.GetProperty("items").GetArrayLength() == 0)
            {
                return cursor;
            }
        }
    }

    /// <summary>Member rows and the bytes of their table with its indexes (and the watchlists' own, a few rows).</summary>
    private static async Task<(long Members, long Bytes)> StoredAsync(string postgres)
    {
        await using var connection = new NpgsqlConnection(postgres);
        await connection.OpenAsync();
        await using (var vacuum = new NpgsqlCommand("VACUUM (ANALYZE) jp_watch_member", connection) { CommandTimeout = 0 })
        {
            await vacuum.ExecuteNonQueryAsync();
        }

        await using var command = new NpgsqlCommand(
            "SELECT (SELECT count(*) FROM jp_watch_member), pg_total_relation_size('jp_watch_member') + pg_total_relation_size('jp_watchlist')", connection);
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return (reader.GetInt64(0), reader.GetInt64(1));
    }

    private static void Log(string message) => Console.Error.WriteLine($"[bench {DateTime.Now:HH:mm:ss}] {message}");
}
