using System.Buffers.Text;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using NpgsqlTypes;

namespace JointPunishment.Bench;

/// <summary>
/// Two nodes, the downstream following the upstream (<c>./bench.sh --federation</c>, issue 23 item 5). <see cref="SeedAsync"/>
/// seeds the upstream as the bench does and issues the <c>node</c> key; ./bench.sh then starts the downstream with it, and
/// <see cref="RunAsync"/> times the initial sync, measures PostgreSQL's own COPY of as many rows of a listing's width on
/// the downstream's server, and the lag from the upstream court's acknowledgement to a block downstream under check load.
/// </summary>
public static class FederationRun
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(2);

    /// <summary>
    /// <c>federation-seed listed=N gateway=URL operatorKey=K importer=DLL work=DIR postgres=CS</c>: prints the bench court's
    /// key and the <c>node</c> consumer's key, space-separated, as the only line on stdout (./bench.sh reads it). Through an
    /// Orleans client of the upstream's cluster (registered in <c>postgres</c>) it first collects the subject grains the
    /// import activated, as the check bench does: Orleans would otherwise collect them 15 minutes after the import began,
    /// on the upstream's silos, in the middle of a 1,000,000-listing sync (docs/benchmarks.md, F1).
    /// </summary>
    public static async Task<int> SeedAsync(string[] args)
    {
        var o = new KeyValueArgs(args);
        var (gateway, operatorKey, listed) = (o.Get("gateway"), o.Get("operatorKey"), o.Int("listed", 1_000_000));
        var runId = DateTime.UtcNow.ToString("HHmmss", CultureInfo.InvariantCulture);
        using var http = new HttpClient { Timeout = TimeSpan.FromMinutes(5) };
        var courtKey = await BenchSeed.RegisterAsync(http, operatorKey, $"{gateway}/v1/courts", new { code = $"benchcourt{runId}", name = "bench court" });
        Log($"upstream: seeding {listed:N0} listings through the importer");
        await BenchSeed.ListingsAsync(o.Get("importer"), gateway, courtKey, o.Get("work"), runId, listed);
        using (var upstream = await BenchRun.ConnectAsync(o.Get("postgres"), churn: false))
        {
            await BenchRun.CollectImportActivationsAsync(upstream.Services.GetRequiredService<IClusterClient>());
        }

        var nodeKey = await BenchSeed.RegisterAsync(http, operatorKey, $"{gateway}/v1/consumers", new { code = $"follower{runId}", name = "bench follower", role = "node" });
        Console.WriteLine($"{courtKey} {nodeKey}");
        return 0;
    }

    /// <summary><c>federation key=value…</c> (<see cref="FederationOptions"/>): the figures, and last one JSON line.</summary>
    public static async Task<int> RunAsync(FederationOptions o)
    {
        var sync = await SyncAsync(o);
        var copy = await CopyCeilingAsync(o);
        var (lag, load) = await LagAsync(o);
        if (load.Failures > 0)
        {
            Log($"check load: {load.Failures:N0} failed; first: {load.FirstFailure ?? "(no reason recorded)"}");
        }

        Console.WriteLine(JsonSerializer.Serialize(FederationFigures.Of(o.Listed, sync, copy, lag, load, o.Concurrency)));
        return 0;
    }

    /// <summary>
    /// Waits (polling <c>GET /v1/upstream</c>) until the downstream applied every listing, then reads the sync's time from
    /// its own record: each page it applies is committed with its feed rows in one transaction, whose start time
    /// <c>jp_federation_event.applied_at</c> keeps. The time runs from the first page's commit to the last's, and counts
    /// the listings after the first page, so the downstream's start-up is not in it.
    /// </summary>
    private static async Task<Throughput> SyncAsync(FederationOptions o)
    {
        using var http = BenchSeed.Client(o.Downstream, o.OperatorKey);
        var watch = new SyncWatch(o.Listed, Patience);
        var clock = Stopwatch.StartNew();
        var logged = TimeSpan.Zero;
        Log($"downstream: syncing {o.Listed:N0} listings from the upstream");
        while (true)
        {
            var status = await GetJsonAsync(http, "/v1/upstream");
            var applied = status.GetProperty("applied").GetInt64();
            switch (watch.Observe(applied, clock.Elapsed))
            {
                case SyncState.Done:
                    Log($"downstream: {applied:N0} applied ({clock.Elapsed.TotalSeconds:F1} s since its gateway was ready)");
                    return await SyncTimeAsync(o.Postgres);
                case SyncState.Stalled:
                    throw new InvalidOperationException(
                        $"the sync stalled: the downstream applied {applied:N0} of {o.Listed:N0} listings and nothing more for {Patience.TotalSeconds:F0} s " +
                        $"(rejected {status.GetProperty("rejected").GetInt64():N0}, last error: {status.GetProperty("lastError")}); see its logs/silo-*.log");
            }

            if (clock.Elapsed - logged >= TimeSpan.FromSeconds(30))
            {
                logged = clock.Elapsed;
                Log($"downstream: {applied:N0} of {o.Listed:N0} applied");
            }

            await Task.Delay(TimeSpan.FromSeconds(1));
        }
    }

    private static async Task<Throughput> SyncTimeAsync(string postgres)
    {
        await using var connection = new NpgsqlConnection(postgres);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("""
            SELECT count(*) FILTER (WHERE applied_at > first), coalesce(extract(epoch FROM max(applied_at) - min(first)), 0)::float8
              FROM (SELECT applied_at, min(applied_at) OVER () AS first FROM jp_federation_event) AS e
            """, connection);
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        var sync = new Throughput(reader.GetInt64(0), reader.GetDouble(1));
        Log($"sync: {sync.Count:N0} listings after the first page in {sync.Seconds:F1} s = {sync.PerSecond:N0} listings/s");
        return sync;
    }

    /// <summary>
    /// PostgreSQL's own rate for as many rows as listings synced, each of a listing's width (a subject key, a name, a case
    /// number, a court, two dates and the listing's JSON line as the importer sent it), COPY'd in binary into a new table
    /// without indexes on the downstream's server (after a CHECKPOINT of what the sync wrote), then dropped.
    /// </summary>
    private static async Task<Throughput> CopyCeilingAsync(FederationOptions o)
    {
        await using var connection = new NpgsqlConnection(o.Postgres);
        await connection.OpenAsync();
        await ExecuteAsync(connection, "CHECKPOINT");
        await ExecuteAsync(connection, """
            DROP TABLE IF EXISTS bench_copy_ceiling;
            CREATE TABLE bench_copy_ceiling (subject_key text NOT NULL, name text NOT NULL, case_number text NOT NULL, court text NOT NULL,
                                             listed_on date NOT NULL, applied_at timestamptz NOT NULL, event text NOT NULL)
            """);
        using var listings = new StreamReader(BenchSeed.ListingsFile(o.Work, o.Listed));
        var (listedOn, appliedAt) = (new DateOnly(2026, 1, 1), DateTime.UtcNow);
        long rows = 0;
        var clock = Stopwatch.StartNew();
        await using (var copy = await connection.BeginBinaryImportAsync("COPY bench_copy_ceiling FROM STDIN (FORMAT BINARY)"))
        {
            while (await listings.ReadLineAsync() is { } line)
            {
                await copy.StartRowAsync();
                await copy.WriteAsync("subj:" + Base64Url.EncodeToString(SHA256.HashData(BitConverter.GetBytes(rows))));
                await copy.WriteAsync($"被执行人{rows}");
                await copy.WriteAsync($"(2026)京01执{rows}号");
                await copy.WriteAsync("upstream/benchcourt");
                await copy.WriteAsync(listedOn, NpgsqlDbType.Date);
                await copy.WriteAsync(appliedAt, NpgsqlDbType.TimestampTz);
                await copy.WriteAsync(line);
                rows++;
            }

            await copy.CompleteAsync();
        }

        var ceiling = new Throughput(rows, clock.Elapsed.TotalSeconds);
        await ExecuteAsync(connection, "DROP TABLE bench_copy_ceiling");
        Log($"COPY ceiling: {ceiling.Count:N0} rows in {ceiling.Seconds:F1} s = {ceiling.PerSecond:N0} rows/s");
        return ceiling;
    }

    /// <summary>
    /// Under the bench's check load on the downstream gateway (wrk when installed, as the bench's HTTP phase; W s of it
    /// first), lists new persons at the upstream one at a time and times each until the downstream blocks it.
    /// </summary>
    private static async Task<(Latencies Lag, LoadResult Load)> LagAsync(FederationOptions o)
    {
        var runId = DateTime.UtcNow.ToString("HHmmss", CultureInfo.InvariantCulture);
        var persons = BenchSeed.Split(o.Listed).Persons;
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = o.Concurrency * 2 }) { Timeout = TimeSpan.FromMinutes(5) };
        var agencyKey = await BenchSeed.RegisterAgencyAsync(http, o.Downstream, o.OperatorKey, $"fed{runId}");
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", agencyKey);
        var listedFile = await BenchSeed.WriteListedSampleAsync(o.Work, persons);
        var useWrk = Wrk.IsAvailable();
        Log($"federation lag under check load on the downstream ({(useWrk ? "wrk" : "in-process HTTP client; install wrk for a lighter load generator")}, {o.Concurrency} connections, {o.Warmup} s before timing)");
        var done = new TaskCompletionSource();
        var load = useWrk
            ? Wrk.RunUntilAsync(o.Downstream, agencyKey, listedFile, o.Concurrency, done.Task)
            : LoadDriver.RunUntilAsync(n => BenchRun.PostCheckAsync(http, o.Downstream, n, persons), o.Concurrency, done.Task);
        Latencies lag;
        try
        {
            await Task.Delay(TimeSpan.FromSeconds(o.Warmup));
            using var court = BenchSeed.Client(o.Upstream, o.CourtKey);
            using var agency = BenchSeed.Client(o.Downstream, agencyKey);
            lag = await Freshness.MeasureAsync(court, agency, runId, firstNew: persons, o.AnotherLagListing);
        }
        finally
        {
            done.SetResult();
        }

        Log($"federation lag: p50 {lag.P50Ms:F0} ms, p99 {lag.P99Ms:F0} ms, max {lag.MaxMs:F0} ms");
        return (lag, await load);
    }

    private static async Task<JsonElement> GetJsonAsync(HttpClient http, string path)
    {
        using var response = await http.GetAsync(path);
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"{(int)response.StatusCode} for {path}: {await response.Content.ReadAsStringAsync()}");
        }

        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 0 };
        await command.ExecuteNonQueryAsync();
    }

    private static void Log(string message) => Console.Error.WriteLine($"[bench {DateTime.Now:HH:mm:ss}] {message}");
}
