using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace JointPunishment.Bench;

/// <summary>
/// The load behind scripts/fault-*.sh: a steady mix of checks (of subjects listed before the load and of subjects never
/// listed) and court <c>listed</c> events from <c>concurrency</c> loops; <c>faultAt</c> seconds in, it runs the
/// <c>fault</c> shell command (kill a silo, restart PostgreSQL…). It counts failed requests around the fault, wrong
/// answers (an <c>allow</c> for a subject whose listing was acknowledged <c>applied</c>, however soon after the
/// acknowledgement, a <c>block</c> for one never listed) and, afterwards, acknowledged events missing from the court
/// view. Prints figures and one JSON line.
/// </summary>
public static class FaultRun
{
    private const string Measure = "consumption.hotel";

    /// <summary>
    /// An <c>allow</c> this soon after the acknowledgement is reported apart as well (<c>allowWithin2sOfAck</c>), to see
    /// whether wrong answers cluster right after the court's answer; it is a wrong answer all the same: an acknowledged
    /// listing restricts from the moment the court has the answer.
    /// </summary>
    private static readonly TimeSpan SoonAfterAck = TimeSpan.FromSeconds(2);

    private sealed record Sample(double StartMs, double EndMs, string Kind, int Status);

    public static async Task<int> RunAsync(string[] args)
    {
        var o = new KeyValueArgs(args);
        var gateway = o.Get("gateway");
        var seconds = o.Int("seconds", 40);
        var faultAt = o.Int("faultAt", 10);
        var concurrency = o.Int("concurrency", 16);
        var first = o.Int("base", 0);
        var fault = o.Get("fault", "true");
        var runId = DateTime.UtcNow.ToString("HHmmssfff", CultureInfo.InvariantCulture);

        using var http = new HttpClient { BaseAddress = new Uri(gateway), Timeout = TimeSpan.FromSeconds(10) };
        var courtKey = await RegisterAsync(http, o.Get("operatorKey"), "/v1/courts", new { code = $"fc{runId}", name = "fault court" });
        var agencyKey = await RegisterAsync(http, o.Get("operatorKey"), "/v1/agencies", new { code = $"fa{runId}", name = "fault agency", measures = new[] { Measure } });

        // Subjects listed before the load: every check of them must block.
        const int preListed = 200;
        var acked = new ConcurrentDictionary<string, long>(StringComparer.Ordinal);
        for (var i = 0; i < preListed; i += 100)
        {
            var batch = Enumerable.Range(first + i, 100).Select(n => Ids.ListedPerson(n)).ToArray();
            var (status, applied) = await ListAsync(http, courtKey, runId, batch);
            if (status != 200 || applied.Count != batch.Length)
            {
                throw new InvalidOperationException($"seeding failed: {status}, {applied.Count} applied");
            }

            foreach (var id in applied)
            {
                acked[id] = 0;
            }
        }

        var ackedList = new ConcurrentQueue<string>(acked.Keys);
        var unacknowledged = 0;
        var next = first + preListed;
        var samples = new ConcurrentBag<Sample>();
        var wrong = new ConcurrentBag<string>();
        var lateIndex = 0;
        var clock = Stopwatch.StartNew();
        double faultStart = -1, faultEnd = -1;
        var faultTask = Task.Run(async () =>
        {
            await Task.Delay(TimeSpan.FromSeconds(faultAt));
            faultStart = clock.Elapsed.TotalMilliseconds;
            Log($"fault: {fault}");
            using var process = Process.Start(new ProcessStartInfo("/bin/sh", ["-c", fault]))!;
            await process.WaitForExitAsync();
            faultEnd = clock.Elapsed.TotalMilliseconds;
            Log($"fault command done after {faultEnd - faultStart:F0} ms (exit {process.ExitCode})");
        });

        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(worker => Task.Run(async () =>
        {
            var random = new Random(worker);
            while (clock.Elapsed.TotalSeconds < seconds)
            {
                var roll = random.Next(10);
                var start = clock.Elapsed.TotalMilliseconds;
                int status;
                string kind;
                if (roll < 2)
                {
                    kind = "event";
                    var id = Ids.ListedPerson(Interlocked.Increment(ref next));
                    List<string> applied;
                    (status, applied) = await ListAsync(http, courtKey, runId, [id]);
                    if (applied.Count == 1)
                    {
                        acked[id] = Stopwatch.GetTimestamp();
                        ackedList.Enqueue(id);
                    }
                    else
                    {
                        Interlocked.Increment(ref unacknowledged);
                    }
                }
                else
                {
                    kind = "check";
                    var listed = roll < 5;
                    var id = listed ? ackedList.ElementAt(random.Next(Math.Min(ackedList.Count, 5000))) : Ids.Unlisted(first + random.Next(1_000_000));
                    var ackedAt = listed ? acked[id] : 0;
                    string? decision;
                    (status, decision) = await CheckAsync(http, agencyKey, id);
                    if (decision == "block" && !listed)
                    {
                        wrong.Add($"block for never-listed {id[..10]}…");
                    }
                    else if (decision == "allow" && listed)
                    {
                        var sinceAck = ackedAt == 0 ? (TimeSpan?)null : Stopwatch.GetElapsedTime(ackedAt);
                        if (sinceAck < SoonAfterAck)
                        {
                            Interlocked.Increment(ref lateIndex);
                        }

                        wrong.Add(sinceAck is { } ms ? $"allow for listed {id[..10]}… {ms.TotalMilliseconds:F0} ms after its acknowledgement" : $"allow for listed {id[..10]}…");
                    }
                }

                samples.Add(new Sample(start, clock.Elapsed.TotalMilliseconds, kind, status));
            }
        })));
        await faultTask;

        Log($"verifying {acked.Count} acknowledged listings in the court view");
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", courtKey);
        var lost = 0;
        foreach (var id in acked.Keys)
        {
            using var view = await http.GetAsync($"/v1/court/subjects/resident_id/{id}");
            var body = view.IsSuccessStatusCode ? await view.Content.ReadFromJsonAsync<JsonElement>() : default;
            if (!view.IsSuccessStatusCode || body.GetProperty("listings").GetArrayLength() == 0)
            {
                lost++;
            }
        }

        return Report(samples.OrderBy(s => s.StartMs).ToArray(), faultStart, faultEnd, wrong, lost, acked.Count, unacknowledged, lateIndex);
    }

    private static int Report(Sample[] samples, double faultStart, double faultEnd, ConcurrentBag<string> wrong, int lost, int acked, int unacknowledged, int lateIndex)
    {
        var after = samples.Where(s => s.StartMs >= faultStart).ToArray();
        var failed = samples.Where(s => s.Status != 200).ToArray();
        var failedAfter = after.Where(s => s.Status != 200).ToArray();
        var firstCheckOk = after.FirstOrDefault(s => s.Kind == "check" && s.Status == 200);
        var lastFailure = failedAfter.Length == 0 ? faultStart : failedAfter.Max(s => s.EndMs);
        var window = samples.Where(s => s.EndMs >= faultStart && s.StartMs <= Math.Max(lastFailure, faultEnd)).ToArray();
        var figures = new Dictionary<string, object>
        {
            ["requests"] = samples.Length,
            ["checks"] = samples.Count(s => s.Kind == "check"),
            ["events"] = samples.Count(s => s.Kind == "event"),
            ["failedRequests"] = failed.Length,
            ["failedBeforeFault"] = failed.Length - failedAfter.Length,
            ["failedByStatus"] = failed.GroupBy(s => s.Status == 0 ? "timeout/connection" : s.Status.ToString(CultureInfo.InvariantCulture))
                .ToDictionary(g => g.Key, g => g.Count()),
            ["faultCommandMs"] = Math.Round(faultEnd - faultStart),
            ["firstCheckOkAfterFaultMs"] = firstCheckOk is null ? -1 : Math.Round(firstCheckOk.EndMs - faultStart),
            ["allOkAfterFaultMs"] = Math.Round(lastFailure - faultStart),
            ["maxLatencyInWindowMs"] = window.Length == 0 ? 0 : Math.Round(window.Max(s => s.EndMs - s.StartMs)),
            ["maxFailedLatencyMs"] = failed.Length == 0 ? 0 : Math.Round(failed.Max(s => s.EndMs - s.StartMs)),
            ["wrongAnswers"] = wrong.Count,
            ["acknowledgedEvents"] = acked,
            ["acknowledgedEventsLost"] = lost,
            ["unacknowledgedEvents"] = unacknowledged,
            // Included in wrongAnswers; shown apart only to see how many came right after the court's answer.
            ["allowWithin2sOfAck"] = lateIndex,
        };
        foreach (var w in wrong.Take(10))
        {
            Log($"WRONG: {w}");
        }

        foreach (var (key, value) in figures)
        {
            Console.WriteLine($"{key}: {(value is Dictionary<string, int> d ? string.Join(", ", d.Select(p => $"{p.Key}={p.Value}")) : value)}");
        }

        Console.WriteLine(JsonSerializer.Serialize(figures));
        return wrong.IsEmpty && lost == 0 ? 0 : 1;
    }

    private static async Task<(int Status, List<string> Applied)> ListAsync(HttpClient http, string courtKey, string runId, string[] ids)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/court/events")
        {
            Content = JsonContent.Create(new
            {
                events = ids.Select(id => new
                {
                    eventId = $"f{runId}-{id}", type = "listed", caseNumber = $"(2026)京01执{runId}{id[^6..]}号",
                    subject = new { idType = "resident_id", idNumber = id, name = "故障" }, listedOn = "2026-01-01", @public = true,
                }),
            }),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", courtKey);
        try
        {
            using var response = await http.SendAsync(request);
            if (!response.IsSuccessStatusCode)
            {
                return ((int)response.StatusCode, []);
            }

            var results = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("results").EnumerateArray().ToArray();
            return (200, [.. ids.Where((_, i) => results[i].GetProperty("status").GetString() == "applied")]);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return (0, []);
        }
    }

    private static async Task<(int Status, string? Decision)> CheckAsync(HttpClient http, string agencyKey, string id)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/checks")
        {
            Content = JsonContent.Create(new { measure = Measure, subject = new { idType = "resident_id", idNumber = id } }),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", agencyKey);
        try
        {
            using var response = await http.SendAsync(request);
            return response.IsSuccessStatusCode
                ? (200, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("decision").GetString())
                : ((int)response.StatusCode, null);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return (0, null);
        }
    }

    private static async Task<string> RegisterAsync(HttpClient http, string operatorKey, string path, object body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", operatorKey);
        using var response = await http.SendAsync(request);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("apiKey").GetString()!;
    }

    private static void Log(string message) => Console.Error.WriteLine($"[fault] {message}");
}
