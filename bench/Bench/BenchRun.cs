using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using JointPunishment.ClusterSecurity;
using JointPunishment.Grains.Interfaces;
using JointPunishment.Grains.Interfaces.Checks;
using JointPunishment.Grains.Interfaces.Diagnostics;
using JointPunishment.Grains.Interfaces.Model;
using Npgsql;
using Orleans.Configuration;

namespace JointPunishment.Bench;

/// <summary>
/// Seeds <c>listed</c> listings through the API (10% units with two officers), then measures in one run: the raw
/// Orleans call (ceiling), checks through the Orleans client and through HTTP with 99% unlisted / 1% listed
/// subjects, the naive HTTP+PostgreSQL baseline under the same load, batch checks, the negative path, the
/// memory of the named-subject index, and freshness under load.
/// </summary>
public static class BenchRun
{
    private static readonly (string Train, string Seat)[] Tickets = [("G101", "second"), ("D302", "first"), ("K1234", "hard_seat"), ("Z12", "soft_sleeper")];

    public static async Task<int> RunAsync(BenchOptions o)
    {
        var runId = DateTime.UtcNow.ToString("HHmmss", CultureInfo.InvariantCulture);
        var (persons, units) = BenchSeed.Split(o.Listed);
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = o.Concurrency * 2 }) { Timeout = TimeSpan.FromMinutes(5) };

        Log($"registering court and agency bench{runId}");
        var courtKey = await BenchSeed.RegisterAsync(http, o.OperatorKey, $"{o.Gateway}/v1/courts", new { code = $"benchcourt{runId}", name = "bench court" });
        var agency = $"bench{runId}";
        var agencyKey = await BenchSeed.RegisterAgencyAsync(http, o.Gateway, o.OperatorKey, agency);

        Log($"seeding {o.Listed:N0} listings ({persons:N0} persons, {units:N0} units with 2 officers each) through the importer");
        var import = await BenchSeed.ListingsAsync(o.Importer, o.Gateway, courtKey, o.Work, runId, o.Listed);

        await SeedNaiveAsync(o.Postgres, persons, units);

        using var clientHost = await ConnectAsync(o.Postgres, churn: o.Churn.Length > 0);
        var client = clientHost.Services.GetRequiredService<IClusterClient>();
        // As an agency's own .NET gateway calls: spread over CheckGrains.DefaultKeys keys, and so over the silos.
        var checks = new CheckGrains(client, coalesce: o.Coalesce);
        var duration = TimeSpan.FromSeconds(o.Seconds);
        var warmup = o.WarmupTime;
        await CollectImportActivationsAsync(client);
        await SettleDatabaseAsync(o.Postgres);

        Log("ceiling: raw Orleans client call to a warm grain");
        var health = client.GetGrain<IHealthGrain>(0);
        var ceiling = await LoadDriver.RunAsync(_ => health.PingAsync(), o.Concurrency, duration, warmup);
        Log($"ceiling spread as the checks are: raw Orleans client calls to {checks.Keys} warm grains");
        var healths = Enumerable.Range(0, checks.Keys).Select(key => client.GetGrain<IHealthGrain>(key)).ToArray();
        var spreadCeiling = await LoadDriver.RunAsync(n => healths[n % healths.Length].PingAsync(), o.Concurrency, duration, warmup);

        Log("Orleans-client checks (99% unlisted / 1% listed)");
        // Requests are made before the clock starts, so the load generator spends no more per call than the ceiling's.
        var requests = Enumerable.Range(0, 200_000).Select(n => ClientRequest(agency, n, persons)).ToArray();
        var clientChecks = await LoadDriver.RunAsync(n => checks.CheckAsync(requests[n % requests.Length]), o.Concurrency, duration, warmup);
        // How many checks a call carried (CheckGrains coalesces the single checks waiting for a key), warm-up included.
        var (clientCalls, clientSent) = checks.Sent;
        ChurnOutcome? clientChurn = null;
        var blocked = Array.Empty<int>();
        if (o.Churn.Length > 0)
        {
            blocked = await SeedCheck.BlockedPersonsAsync(http, o.Gateway, agencyKey, persons);
            Log($"seed check: {blocked.Length:N0} of {persons:N0} listed persons blocked");
            if (blocked.Length == 0)
            {
                throw new InvalidOperationException("no seeded person is blocked: the churn phases have nothing to verify against");
            }

            Log($"Orleans-client checks for {ChurnPhase.Duration(o).TotalSeconds:F0} s or more while a silo joins and leaves");
            clientChurn = await ChurnPhase.ClientAsync(o, checks, agency, blocked);
        }

        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", agencyKey);
        var listedFile = await BenchSeed.WriteListedSampleAsync(o.Work, persons);
        var useWrk = Wrk.IsAvailable();
        Log($"HTTP checks ({(useWrk ? "wrk" : "in-process HTTP client; install wrk for a lighter load generator")})");
        var httpChecks = useWrk
            ? await Wrk.RunAsync(o.Gateway, agencyKey, listedFile, o.Concurrency, duration, warmup)
            : await LoadDriver.RunAsync(n => PostCheckAsync(http, o.Gateway, n, persons), o.Concurrency, duration, warmup);
        ChurnOutcome? httpChurn = null;
        if (o.Churn.Length > 0)
        {
            Log($"HTTP checks for {ChurnPhase.Duration(o).TotalSeconds:F0} s or more while a silo joins and leaves");
            httpChurn = await ChurnPhase.HttpAsync(o, http, agencyKey, listedFile, blocked, useWrk);
        }

        Log("naive HTTP + PostgreSQL baseline, same load");
        var naive = useWrk
            ? await Wrk.RunAsync(o.Naive, agencyKey, listedFile, o.Concurrency, duration, warmup)
            : await LoadDriver.RunAsync(n => PostCheckAsync(http, o.Naive, n, persons), o.Concurrency, duration, warmup);

        Log("batch checks (10,000 subjects a request)");
        // Bodies are serialised before the clock starts, as the single-check phases' requests are.
        var batchBodies = Enumerable.Range(0, 8).Select(k => BatchBody(k, persons)).ToArray();
        var batch = await LoadDriver.RunAsync(n => PostBatchAsync(http, o.Gateway, batchBodies[n % batchBodies.Length]), 4, duration, warmup);

        Log("negative path: only unlisted subjects");
        var (activations, pgReads) = await MeasureNegativePathAsync(client, checks, agency, o, duration);

        var (restricted, bytes) = await IndexMemoryAsync(client);
        var silos = (await client.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true)).Count;

        Log("freshness under HTTP load");
        var freshness = await MeasureFreshnessAsync(http, o, courtKey, agencyKey, runId, persons + units * 3, duration);

        (string Phase, LoadResult Result)[] loads = [("ceiling", ceiling), ("spread ceiling", spreadCeiling), ("Orleans-client checks", clientChecks), ("HTTP checks", httpChecks), ("naive baseline", naive), ("batch checks", batch)];
        ReportFailures(loads);
        var figures = new Dictionary<string, object>
        {
            ["listed"] = o.Listed,
            ["silos"] = silos,
            ["clientChecksPerSec"] = Math.Round(clientChecks.PerSecond),
            ["clientCeilingPerSec"] = Math.Round(ceiling.PerSecond),
            ["clientVsCeiling"] = Math.Round(clientChecks.PerSecond / ceiling.PerSecond, 2),
            ["clientSpreadCeilingPerSec"] = Math.Round(spreadCeiling.PerSecond),
            ["clientVsSpreadCeiling"] = Math.Round(clientChecks.PerSecond / spreadCeiling.PerSecond, 2),
            ["clientP99Ms"] = Math.Round(clientChecks.P99Ms, 2),
            ["clientChecksPerCall"] = Math.Round(clientSent / (double)Math.Max(1, clientCalls), 2),
            ["httpChecksPerSec"] = Math.Round(httpChecks.PerSecond),
            ["httpP50Ms"] = Math.Round(httpChecks.P50Ms, 2),
            ["httpP99Ms"] = Math.Round(httpChecks.P99Ms, 2),
            ["naivePgChecksPerSec"] = Math.Round(naive.PerSecond),
            ["naivePgP99Ms"] = Math.Round(naive.P99Ms, 2),
            // 0 when the baseline answered nothing (a JSON line cannot hold Infinity).
            ["httpVsNaive"] = naive.PerSecond > 0 ? Math.Round(httpChecks.PerSecond / naive.PerSecond, 2) : 0,
            ["batchSubjectsPerSec"] = Math.Round(batch.PerSecond * 10_000),
            ["importListingsPerSec"] = Math.Round(import.PerSecond),
            ["negativeActivations"] = activations,
            ["negativePgQueries"] = pgReads,
            ["restrictedSubjects"] = restricted,
            ["bytesPerRestrictedSubject"] = Math.Round(bytes / Math.Max(1.0, restricted), 1),
            ["freshnessP50Ms"] = Math.Round(freshness.P50Ms, 2),
            ["freshnessP99Ms"] = Math.Round(freshness.P99Ms, 2),
            ["freshnessMaxMs"] = Math.Round(freshness.MaxMs, 2),
            ["failures"] = loads.Sum(l => l.Result.Failures),
            ["concurrency"] = o.Concurrency,
            ["seconds"] = o.Seconds,
        };

        await PublicQueryPhase.RunAsync(o, persons, figures);
        await WatchlistPhase.RunAsync(
            o, courtKey, agencyKey, runId, persons, firstNew: persons + units * 3 + 2000,
            load => LoadDriver.RunAsync(n => PostCheckAsync(http, o.Gateway, n, persons), o.Concurrency, load, TimeSpan.Zero), figures);
        var churnHeld = true;
        if (httpChurn is not null && clientChurn is not null)
        {
            figures["churnSeedNotBlocked"] = persons - blocked.Length;
            clientChurn.AddTo(figures, "Client");
            httpChurn.AddTo(figures, "Http");
            figures["churnFailedRequests"] = httpChurn.Failed + clientChurn.Failed;
            churnHeld = persons == blocked.Length && httpChurn.Failed + clientChurn.Failed == 0 && httpChurn.Completed && clientChurn.Completed;
        }

        Console.WriteLine();
        Console.WriteLine($"| figure | value |");
        Console.WriteLine($"| --- | --- |");
        foreach (var (key, value) in figures)
        {
            Console.WriteLine($"| {key} | {value} |");
        }

        Console.WriteLine(JsonSerializer.Serialize(figures));
        return churnHeld ? 0 : 1;
    }

    private static string Pick(long n, int persons, out IdType type)
    {
        type = IdType.ResidentId;
        return n % 100 == 0
            ? Ids.ListedPerson((int)((n / 100 * 7919) % persons))
            : Ids.Unlisted((int)(n % 5_000_000));
    }

    private static CheckRequest ClientRequest(string agency, long n, int persons)
    {
        var measure = BenchSeed.Measures[n % BenchSeed.Measures.Length];
        var number = Pick(n, persons, out var type);
        var ticket = Tickets[(n / 3) % Tickets.Length];
        return new CheckRequest(agency, measure, new SubjectInput(type, number))
        {
            Action = measure == "consumption.rail" ? new RailAction(ticket.Train, ticket.Seat) : null,
        };
    }

    internal static async Task PostCheckAsync(HttpClient http, string baseUrl, long n, int persons)
    {
        var measure = BenchSeed.Measures[n % BenchSeed.Measures.Length];
        var number = Pick(n, persons, out _);
        var ticket = Tickets[(n / 3) % Tickets.Length];
        object body = measure == "consumption.rail"
            ? new { measure, subject = new { idType = "resident_id", idNumber = number }, action = new { trainNumber = ticket.Train, seatClass = ticket.Seat } }
            : new { measure, subject = new { idType = "resident_id", idNumber = number } };
        using var response = await http.PostAsJsonAsync($"{baseUrl}/v1/checks", body);
        response.EnsureSuccessStatusCode();
        await response.Content.CopyToAsync(Stream.Null);
    }

    private static byte[] BatchBody(long n, int persons) => JsonSerializer.SerializeToUtf8Bytes(new
    {
        measure = "consumption.air",
        subjects = Enumerable.Range(0, 10_000).Select(i => new { idType = "resident_id", idNumber = Pick(n * 10_000 + i, persons, out _) }).ToArray(),
    });

    private static async Task PostBatchAsync(HttpClient http, string baseUrl, byte[] body)
    {
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var response = await http.PostAsync($"{baseUrl}/v1/checks/batch", content);
        response.EnsureSuccessStatusCode();
        await response.Content.CopyToAsync(Stream.Null);
    }

    private static async Task<(long Activations, long PgReads)> MeasureNegativePathAsync(
        IClusterClient client, CheckGrains checks, string agency, BenchOptions o, TimeSpan duration)
    {
        var management = client.GetGrain<IManagementGrain>(0);
        // The count is net: grains the import activated and Orleans now collects as idle would hide new activations
        // (a 1,000,000 run measured -77,546). Collect every subject grain idle for a minute first, so none of those
        // reaches Orleans' idle age while the phase runs.
        await management.ForceActivationCollection(TimeSpan.FromMinutes(1));
        // PostgreSQL publishes table statistics when a backend goes idle; wait for them to settle around the phase.
        await Task.Delay(TimeSpan.FromSeconds(11));
        var activationsBefore = await SubjectActivationsAsync(management);
        var readsBefore = await TableReadsAsync(o.Postgres);
        await LoadDriver.RunAsync(n => checks.CheckAsync(new CheckRequest(agency, "consumption.air", new SubjectInput(IdType.ResidentId, Ids.Unlisted((int)(n % 5_000_000))))), o.Concurrency, duration, TimeSpan.Zero);
        await Task.Delay(TimeSpan.FromSeconds(11));
        return (await SubjectActivationsAsync(management) - activationsBefore, await TableReadsAsync(o.Postgres) - readsBefore);
    }

    /// <summary>
    /// The import activated a grain for every listed subject. In service Orleans collects them after 15 idle minutes;
    /// a bench that goes straight on would measure its check phases while that collection runs (docs/benchmarks.md,
    /// column F). Collects them now, and waits until the count of subject activations stops falling.
    /// </summary>
    internal static async Task CollectImportActivationsAsync(IClusterClient client)
    {
        var management = client.GetGrain<IManagementGrain>(0);
        var started = Stopwatch.StartNew();
        var before = await SubjectActivationsAsync(management);
        try
        {
            await management.ForceActivationCollection(TimeSpan.FromSeconds(5));
        }
        catch (TimeoutException)
        {
            // The call's response timed out while the silos go on collecting: the count below says when they are done.
        }

        var (previous, now) = (before, await SubjectActivationsAsync(management));
        while (now < previous)
        {
            await Task.Delay(TimeSpan.FromSeconds(2));
            (previous, now) = (now, await SubjectActivationsAsync(management));
        }

        Log($"collected the import's idle subject grains: {before:N0} → {now:N0} activations in {started.Elapsed.TotalSeconds:F1} s");
    }

    private static async Task<long> SubjectActivationsAsync(IManagementGrain management) =>
        (await management.GetSimpleGrainStatistics()).Where(s => s.GrainType.Contains("SubjectGrain", StringComparison.Ordinal)).Sum(s => (long)s.ActivationCount);

    /// <summary>Scans of the tables a check could read: grain state and the named-subject index.</summary>
    private static async Task<long> TableReadsAsync(string postgres)
    {
        await using var connection = new NpgsqlConnection(postgres);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT coalesce(sum(seq_scan + coalesce(idx_scan, 0)), 0)::bigint FROM pg_stat_user_tables WHERE relname IN ('orleansstorage', 'jp_restricted_subject')", connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private static async Task<(long Count, long Bytes)> IndexMemoryAsync(IClusterClient client)
    {
        var shards = await Task.WhenAll(Enumerable.Range(0, 64).Select(i => client.GetGrain<IRestrictedShardGrain>($"idx:{i}").GetStatisticsAsync()));
        return (shards.Sum(s => (long)s.Count), shards.Sum(s => s.ApproximateBytes));
    }

    private static async Task<Latencies> MeasureFreshnessAsync(
        HttpClient http, BenchOptions o, string courtKey, string agencyKey, string runId, int firstNew, TimeSpan duration)
    {
        var background = LoadDriver.RunAsync(n => PostCheckAsync(http, o.Gateway, n, 1000), 16, duration * 3, TimeSpan.Zero);
        using var court = BenchSeed.Client(o.Gateway, courtKey);
        using var agency = BenchSeed.Client(o.Gateway, agencyKey);
        var lags = await Freshness.MeasureAsync(court, agency, runId, firstNew, (k, elapsed) => elapsed < duration && k < 2000);
        await background;
        return lags;
    }

    /// <summary>
    /// Does the maintenance PostgreSQL does by itself some minutes after a bulk load (autovacuum's VACUUM and ANALYZE
    /// of the tables the import filled, the checkpoint of the pages it dirtied) before the timed phases, so they measure
    /// the steady state rather than that work competing with them for the same two cores.
    /// </summary>
    private static async Task SettleDatabaseAsync(string postgres)
    {
        await using var connection = new NpgsqlConnection(postgres);
        await connection.OpenAsync();
        var started = Stopwatch.StartNew();
        foreach (var sql in new[] { "VACUUM (ANALYZE)", "CHECKPOINT" })
        {
            await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 0 };
            await command.ExecuteNonQueryAsync();
        }

        Log($"settled PostgreSQL after the import (VACUUM (ANALYZE), CHECKPOINT) in {started.Elapsed.TotalSeconds:F1} s");
    }

    private static async Task SeedNaiveAsync(string postgres, int persons, int units)
    {
        await using var connection = new NpgsqlConnection(postgres);
        await connection.OpenAsync();
        await using (var create = new NpgsqlCommand("DROP TABLE IF EXISTS naive_listed; CREATE TABLE naive_listed (id_type text, id_number text, PRIMARY KEY (id_type, id_number))", connection))
        {
            await create.ExecuteNonQueryAsync();
        }

        await using (var importer = await connection.BeginBinaryImportAsync("COPY naive_listed (id_type, id_number) FROM STDIN (FORMAT BINARY)"))
        {
            async Task RowAsync(string type, string number)
            {
                await importer.StartRowAsync();
                await importer.WriteAsync(type);
                await importer.WriteAsync(number);
            }

            for (var i = 0; i < persons; i++)
            {
                await RowAsync("resident_id", Ids.ListedPerson(i));
            }

            for (var j = 0; j < units; j++)
            {
                await RowAsync("uscc", Ids.Unit(j));
                await RowAsync("resident_id", Ids.Officer(2 * j));
                await RowAsync("resident_id", Ids.Officer(2 * j + 1));
            }

            await importer.CompleteAsync();
        }

        await using var analyze = new NpgsqlCommand("ANALYZE naive_listed", connection);
        await analyze.ExecuteNonQueryAsync();
    }

    /// <summary>An Orleans client of the cluster registered in <paramref name="postgres"/> (TLS from the Tls__* environment, as the gateway).</summary>
    internal static async Task<IHost> ConnectAsync(string postgres, bool churn)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.UseOrleansClient(client =>
        {
            client.Configure<ClusterOptions>(c =>
            {
                c.ClusterId = ClusterIdentity.DefaultClusterId;
                c.ServiceId = ClusterIdentity.DefaultServiceId;
            });
            client.UseAdoNetClustering(a =>
            {
                a.Invariant = "Npgsql";
                a.ConnectionString = postgres;
            });
            client.UseClusterTls(builder.Configuration, builder.Environment.IsDevelopment());
            client.UsePlatformCredential(builder.Configuration);
            if (churn)
            {
                // As the HTTP gateway does: so the client also sends through the joining silo's gateway while it is up.
                client.Configure<GatewayOptions>(g => g.GatewayListRefreshPeriod = TimeSpan.FromSeconds(5));
            }
        });
        var host = builder.Build();
        await host.StartAsync();
        return host;
    }

    /// <summary>Names each phase that had failures, with why its first one failed, since the JSON line only sums them.</summary>
    private static void ReportFailures((string Phase, LoadResult Result)[] phases)
    {
        foreach (var (phase, result) in phases.Where(p => p.Result.Failures > 0))
        {
            Log($"{phase}: {result.Failures:N0} failed; first: {result.FirstFailure ?? "(no reason recorded)"}");
        }
    }

    private static void Log(string message) => Console.Error.WriteLine($"[bench {DateTime.Now:HH:mm:ss}] {message}");
}
