using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace JointPunishment.Bench;

/// <summary>
/// The load behind scripts/fault-*.sh. Court loops (<c>eventLoops</c>) list units, each with three officers (legal
/// representative, principal, directly responsible person), one event a request; check loops (the rest of
/// <c>concurrency</c>) check <c>consumption.hotel</c> (D +O: the unit and its officers are blocked) half for subjects
/// whose listing was acknowledged <c>applied</c> — units and officers, half of those among the 64 acknowledged last —
/// and half for persons never listed. Checks and events run in separate loops, so checks go on at their own pace while
/// court events wait on a slow or absent database. <c>faultAt</c> seconds in, the <c>fault</c> shell command runs (kill or
/// pause a silo, stop or slow PostgreSQL…); the time it takes is the fault window. The load runs <c>seconds</c>, and
/// at least <c>after</c> seconds (default 20) past the end of the fault, so there is always load to measure recovery on.
/// <para>
/// A <em>wrong answer</em> is an <c>allow</c> for a subject (unit or officer) whose listing was acknowledged, however soon
/// after the acknowledgement, or a <c>block</c> for a person never listed. After the load the court resends the events it
/// got no answer for (same <c>eventId</c>, as a court would) and checks the officers of those it then hears acknowledged;
/// then every acknowledged unit and officer is checked once more (the final sweep) and looked up in the court view: a
/// unit without its case or an officer without the link to it is a <em>lost acknowledgement</em>. Prints figures and one
/// JSON line; exits 1 on any wrong answer or lost acknowledgement.
/// </para>
/// </summary>
public static class FaultRun
{
    private const string Measure = "consumption.hotel";

    /// <summary>How many of the last acknowledged subjects the fresh half of the listed checks picks from.</summary>
    private const int Fresh = 64;

    private static readonly string[] Roles = ["legal_representative", "principal", "directly_responsible"];

    /// <summary>
    /// An <c>allow</c> this soon after the acknowledgement is reported apart as well (<c>allowWithin2sOfAck</c>), to see
    /// whether wrong answers cluster right after the court's answer; it is a wrong answer all the same: an acknowledged
    /// listing restricts from the moment the court has the answer.
    /// </summary>
    private static readonly TimeSpan SoonAfterAck = TimeSpan.FromSeconds(2);

    private sealed record Sample(double StartMs, double EndMs, string Kind, int Status);

    /// <summary>A subject a check must find blocked: a listed unit or one of its officers.</summary>
    private sealed record Restricted(string IdType, string Id, int Unit, long AckedAt);

    private sealed record Wrong(double AtMs, string What);

    public static async Task<int> RunAsync(string[] args)
    {
        var o = new KeyValueArgs(args);
        var gateway = o.Get("gateway");
        var seconds = o.Int("seconds", 40);
        var after = o.Int("after", 20);
        var faultAt = o.Int("faultAt", 10);
        var concurrency = o.Int("concurrency", 16);
        var eventLoops = o.Int("eventLoops", 4);
        var first = o.Int("base", 0);
        var fault = o.Get("fault", "true");
        var runId = DateTime.UtcNow.ToString("HHmmssfff", CultureInfo.InvariantCulture);
        if (eventLoops < 1 || eventLoops >= concurrency)
        {
            throw new ArgumentException("eventLoops= must be at least 1 and below concurrency=");
        }

        using var http = new HttpClient { BaseAddress = new Uri(gateway), Timeout = TimeSpan.FromSeconds(10) };

        // Setting up and verifying may wait longer than the load's 10 s on a busy machine: they measure nothing.
        using var patient = new HttpClient { BaseAddress = new Uri(gateway), Timeout = TimeSpan.FromMinutes(2) };
        var courtKey = await BenchSeed.RegisterAsync(patient, o.Get("operatorKey"), "/v1/courts", new { code = $"fc{runId}", name = "fault court" });
        var court = new Court(http, courtKey, runId);
        var patientCourt = new Court(patient, courtKey, runId);
        var agencyKey = await BenchSeed.RegisterAsync(patient, o.Get("operatorKey"), "/v1/agencies", new { code = $"fa{runId}", name = "fault agency", measures = new[] { Measure } });

        // Units listed before the load, 20 an event batch (resent until acknowledged): they and their officers must be
        // blocked from the first check.
        const int preListed = 200;
        var seeded = await ResendAsync(patientCourt, [.. Enumerable.Range(first, preListed)], TimeSpan.FromMinutes(5), 20);
        if (seeded.StillFailing > 0)
        {
            throw new InvalidOperationException($"seeding failed: {seeded.StillFailing} of {preListed} units not acknowledged");
        }

        var restricted = seeded.Acknowledged.SelectMany(unit => SubjectsOf(unit, 0)).ToList();
        var acknowledged = new ConcurrentBag<int>(Enumerable.Range(first, preListed));
        var unacknowledged = new ConcurrentBag<int>();
        var next = first + preListed - 1;
        var samples = new ConcurrentBag<Sample>();
        var wrong = new ConcurrentBag<Wrong>();
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

        // The load runs `seconds`, and at least `after` seconds past the end of the fault, however long the fault took.
        bool Loading() =>
            clock.Elapsed.TotalSeconds < seconds || Volatile.Read(ref faultEnd) < 0 || clock.Elapsed.TotalMilliseconds < Volatile.Read(ref faultEnd) + (after * 1000.0);

        var courtLoops = Enumerable.Range(0, eventLoops).Select(_ => Task.Run(async () =>
        {
            while (Loading())
            {
                var unit = Interlocked.Increment(ref next);
                var start = clock.Elapsed.TotalMilliseconds;
                var (status, applied) = await court.ListAsync([unit]);
                if (applied.Count == 1)
                {
                    var subjects = SubjectsOf(unit, Stopwatch.GetTimestamp());
                    lock (restricted)
                    {
                        restricted.AddRange(subjects);
                    }

                    acknowledged.Add(unit);
                }
                else
                {
                    unacknowledged.Add(unit);
                }

                samples.Add(new Sample(start, clock.Elapsed.TotalMilliseconds, "event", status));
            }
        }));

        var checkLoops = Enumerable.Range(0, concurrency - eventLoops).Select(worker => Task.Run(async () =>
        {
            var random = new Random(worker);
            while (Loading())
            {
                Restricted? subject = null;
                if (random.Next(2) == 0)
                {
                    lock (restricted)
                    {
                        var window = random.Next(2) == 0 ? Fresh : 5000;
                        var count = Math.Min(restricted.Count, window);
                        subject = restricted[restricted.Count - 1 - random.Next(count)];
                    }
                }

                var (idType, id) = subject is null ? ("resident_id", Ids.Unlisted(first + random.Next(1_000_000))) : (subject.IdType, subject.Id);
                var start = clock.Elapsed.TotalMilliseconds;
                var (status, decision) = await CheckAsync(http, agencyKey, idType, id);
                var end = clock.Elapsed.TotalMilliseconds;
                samples.Add(new Sample(start, end, "check", status));
                if (decision == "block" && subject is null)
                {
                    wrong.Add(new Wrong(start, $"block for never-listed {id[..10]}…"));
                }
                else if (decision == "allow" && subject is not null)
                {
                    var sinceAck = subject.AckedAt == 0 ? (TimeSpan?)null : Stopwatch.GetElapsedTime(subject.AckedAt);
                    if (sinceAck < SoonAfterAck)
                    {
                        Interlocked.Increment(ref lateIndex);
                    }

                    var what = $"allow for listed {Describe(subject)}";
                    wrong.Add(new Wrong(start, sinceAck is { } ms ? $"{what} {ms.TotalMilliseconds:F0} ms after its acknowledgement" : what));
                }
            }
        }));
        await Task.WhenAll([.. courtLoops, .. checkLoops]);
        await faultTask;
        var loadSamples = samples.OrderBy(s => s.StartMs).ToArray();

        // As a court would: resend what got no answer (same eventId), then check those now acknowledged.
        var resent = await ResendAsync(patientCourt, [.. unacknowledged], TimeSpan.FromMinutes(2), 20);
        var afterResend = resent.Acknowledged.SelectMany(unit => SubjectsOf(unit, 0)).ToArray();
        foreach (var unit in resent.Acknowledged)
        {
            acknowledged.Add(unit);
        }

        var swept = afterResend.Concat(restricted).ToArray();
        Log($"final sweep: checking {swept.Length} acknowledged units and officers ({afterResend.Length} of them acknowledged on resending)");
        var sweep = await ForEachAsync(swept, async s =>
        {
            var (status, decision) = await CheckAsync(http, agencyKey, s.IdType, s.Id);
            for (var attempt = 1; status != 200 && attempt < 5; attempt++)
            {
                await Task.Delay(TimeSpan.FromSeconds(1));
                (status, decision) = await CheckAsync(http, agencyKey, s.IdType, s.Id);
            }

            return status != 200 ? $"check failed ({status}) for {Describe(s)}" : decision == "allow" ? $"allow for listed {Describe(s)} (final sweep)" : null;
        });
        var sweepWrong = sweep.Count(w => w.StartsWith("allow", StringComparison.Ordinal));
        foreach (var w in sweep.Where(w => w.StartsWith("allow", StringComparison.Ordinal)))
        {
            wrong.Add(new Wrong(clock.Elapsed.TotalMilliseconds, w));
        }

        var units = acknowledged.Distinct().ToArray();
        Log($"verifying {units.Length} acknowledged unit listings and their {units.Length * Roles.Length} officers in the court view");
        var lost = await ForEachAsync(units, patientCourt.VerifyAsync);

        return Report(new Outcome(
            loadSamples, faultStart, faultEnd, [.. wrong], lateIndex, sweepWrong, sweep.Count - sweepWrong, swept.Length,
            lost, units.Length, unacknowledged.Count, resent));
    }

    private sealed record Resent(int[] Acknowledged, int StillFailing, double Ms);

    private sealed record Outcome(
        Sample[] Samples, double FaultStart, double FaultEnd, Wrong[] Wrong, int LateIndex, int SweepWrong, int SweepFailed, int Swept,
        IReadOnlyList<string> Lost, int Acknowledged, int Unacknowledged, Resent Resent);

    private static int Report(Outcome r)
    {
        var samples = r.Samples;
        var after = samples.Where(s => s.StartMs >= r.FaultStart).ToArray();
        var failed = samples.Where(s => s.Status != 200).ToArray();
        var failedAfter = after.Where(s => s.Status != 200).ToArray();
        var firstCheckOk = after.FirstOrDefault(s => s.Kind == "check" && s.Status == 200);
        var lastFailure = failedAfter.Length == 0 ? r.FaultStart : failedAfter.Max(s => s.EndMs);
        var window = samples.Where(s => s.EndMs >= r.FaultStart && s.StartMs <= Math.Max(lastFailure, r.FaultEnd)).ToArray();
        var duringFault = samples.Where(s => s.Kind == "check" && s.StartMs >= r.FaultStart && s.StartMs <= r.FaultEnd).ToArray();
        var checksAfterEnd = samples.Where(s => s.Kind == "check" && s.StartMs >= r.FaultEnd).Select(s => s.EndMs - s.StartMs).ToArray();
        var figures = new Dictionary<string, object>
        {
            ["requests"] = samples.Length,
            ["checks"] = samples.Count(s => s.Kind == "check"),
            ["events"] = samples.Count(s => s.Kind == "event"),
            ["failedRequests"] = failed.Length,
            ["failedChecks"] = failed.Count(s => s.Kind == "check"),
            ["failedEvents"] = failed.Count(s => s.Kind == "event"),
            ["failedBeforeFault"] = failed.Length - failedAfter.Length,
            ["failedByStatus"] = failed.GroupBy(s => s.Status == 0 ? "timeout/connection" : s.Status.ToString(CultureInfo.InvariantCulture))
                .ToDictionary(g => g.Key, g => g.Count()),
            ["faultCommandMs"] = Math.Round(r.FaultEnd - r.FaultStart),
            ["eventsInFlightAtFault"] = samples.Count(s => s.Kind == "event" && s.StartMs <= r.FaultStart && s.EndMs >= r.FaultStart),
            // Checks sent while the fault command ran (the pause, the outage, the slowdown): answered, failed, wrong.
            ["checksDuringFault"] = duringFault.Length,
            ["checksFailedDuringFault"] = duringFault.Count(s => s.Status != 200),
            ["checkP99DuringFaultMs"] = Percentile99([.. duringFault.Select(s => s.EndMs - s.StartMs)]),
            ["wrongDuringFault"] = r.Wrong.Count(w => w.AtMs >= r.FaultStart && w.AtMs <= r.FaultEnd),
            ["firstCheckOkAfterFaultMs"] = firstCheckOk is null ? -1 : Math.Round(firstCheckOk.EndMs - r.FaultStart),
            ["allOkAfterFaultMs"] = Math.Round(lastFailure - r.FaultStart),
            // From the end of the fault (the silo resumed or killed, the database back or fast again) to the end of the last failed request.
            ["recoveryMs"] = Math.Round(RecoveryMs([.. samples.Select(s => (s.StartMs, s.EndMs, s.Status != 200))], r.FaultStart, r.FaultEnd)),
            ["checkP99AfterFaultMs"] = Percentile99(checksAfterEnd),
            ["maxLatencyInWindowMs"] = window.Length == 0 ? 0 : Math.Round(window.Max(s => s.EndMs - s.StartMs)),
            ["maxFailedLatencyMs"] = failed.Length == 0 ? 0 : Math.Round(failed.Max(s => s.EndMs - s.StartMs)),
            ["wrongAnswers"] = r.Wrong.Length,
            // Included in wrongAnswers; shown apart only to see how many came right after the court's answer.
            ["allowWithin2sOfAck"] = r.LateIndex,
            ["finalSweepChecks"] = r.Swept,
            ["finalSweepWrong"] = r.SweepWrong,
            ["finalSweepFailed"] = r.SweepFailed,
            ["acknowledgedEvents"] = r.Acknowledged,
            ["acknowledgedOfficers"] = r.Acknowledged * Roles.Length,
            ["lostAcks"] = r.Lost.Count,
            ["unacknowledgedEvents"] = r.Unacknowledged,
            ["resentAcknowledged"] = r.Resent.Acknowledged.Length,
            ["resentStillFailing"] = r.Resent.StillFailing,
            ["resendMs"] = Math.Round(r.Resent.Ms),
        };
        foreach (var w in r.Wrong.OrderBy(w => w.AtMs).Take(10))
        {
            Log($"WRONG at {w.AtMs:F0} ms: {w.What}");
        }

        foreach (var l in r.Lost.Take(10))
        {
            Log($"LOST: {l}");
        }

        foreach (var (key, value) in figures)
        {
            Console.WriteLine($"{key}: {(value is Dictionary<string, int> d ? string.Join(", ", d.Select(p => $"{p.Key}={p.Value}")) : value)}");
        }

        Console.WriteLine(JsonSerializer.Serialize(figures));
        return r.Wrong.Length == 0 && r.Lost.Count == 0 ? 0 : 1;
    }

    /// <summary>
    /// The recovery time: from the end of the fault (<paramref name="faultEndMs"/>) to the end of the last failed request
    /// sent after it began, 0 when none failed after the fault ended. Requests are (start, end, failed) in ms of the run.
    /// </summary>
    public static double RecoveryMs(IReadOnlyList<(double StartMs, double EndMs, bool Failed)> requests, double faultStartMs, double faultEndMs)
    {
        var lastFailure = requests.Where(r => r.Failed && r.StartMs >= faultStartMs).Select(r => r.EndMs).DefaultIfEmpty(faultEndMs).Max();
        return Math.Max(0, lastFailure - faultEndMs);
    }

    private static double Percentile99(double[] latencies) =>
        latencies.Length == 0 ? 0 : Math.Round(latencies.Order().ElementAt((int)(0.99 * (latencies.Length - 1))));

    /// <summary>The unit <paramref name="unit"/> and its three officers (officer numbers 3·unit to 3·unit + 2).</summary>
    private static IEnumerable<Restricted> SubjectsOf(int unit, long ackedAt) =>
        Enumerable.Range(0, Roles.Length).Select(k => new Restricted("resident_id", Ids.Officer(3 * unit + k), unit, ackedAt))
            .Prepend(new Restricted("uscc", Ids.Unit(unit), unit, ackedAt));

    private static string Describe(Restricted s) => s.IdType == "uscc" ? $"unit {s.Id[..12]}…" : $"officer {s.Id[..10]}… of unit {s.Unit}";

    /// <summary>Sends (again) each unit's event, <paramref name="batch"/> a request, until the court hears <c>applied</c> or <c>duplicate</c>, for at most <paramref name="limit"/> in all.</summary>
    private static async Task<Resent> ResendAsync(Court court, int[] units, TimeSpan limit, int batch)
    {
        var clock = Stopwatch.StartNew();
        var pending = new HashSet<int>(units);
        var acknowledged = new List<int>();
        while (pending.Count > 0 && clock.Elapsed < limit)
        {
            foreach (var chunk in pending.Order().Chunk(batch).ToArray())
            {
                var (_, answered) = await court.ListAsync(chunk, acceptDuplicate: true);
                acknowledged.AddRange(answered);
                pending.ExceptWith(answered);
            }

            if (pending.Count > 0)
            {
                await Task.Delay(TimeSpan.FromSeconds(1));
            }
        }

        Log($"sent {units.Length} events again until answered: {acknowledged.Count} acknowledged, {pending.Count} still failing after {clock.Elapsed.TotalSeconds:F1} s");
        return new Resent([.. acknowledged], pending.Count, clock.Elapsed.TotalMilliseconds);
    }

    /// <summary>Runs <paramref name="probe"/> on every item, 16 at a time; returns what it reported (null: nothing).</summary>
    private static async Task<IReadOnlyList<string>> ForEachAsync<T>(IReadOnlyList<T> items, Func<T, Task<string?>> probe)
    {
        var found = new ConcurrentBag<string>();
        await Parallel.ForEachAsync(items, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (item, _) =>
        {
            if (await probe(item) is { } report)
            {
                found.Add(report);
            }
        });
        return [.. found];
    }

    /// <summary>The court side: lists units with their officers, and looks them up in the court view.</summary>
    private sealed class Court(HttpClient http, string key, string runId)
    {
        private static string Case(string runId, int unit) => $"(2026)京01执{runId}u{unit}号";

        /// <summary>Lists the units; returns the status and the units the court heard acknowledged.</summary>
        public async Task<(int Status, List<int> Acknowledged)> ListAsync(int[] units, bool acceptDuplicate = false)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/court/events")
            {
                Content = JsonContent.Create(new
                {
                    events = units.Select(unit => new
                    {
                        eventId = $"f{runId}-u{unit}", type = "listed", caseNumber = Case(runId, unit),
                        subject = new { idType = "uscc", idNumber = Ids.Unit(unit), name = "故障公司" }, listedOn = "2026-01-01", @public = true,
                        officers = Roles.Select((role, k) => new { role, idType = "resident_id", idNumber = Ids.Officer(3 * unit + k), name = "故障" }),
                    }),
                }),
            };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
            try
            {
                using var response = await http.SendAsync(request);
                if (!response.IsSuccessStatusCode)
                {
                    return ((int)response.StatusCode, []);
                }

                var results = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("results").EnumerateArray().ToArray();
                return (200, [.. units.Where((_, i) => results[i].GetProperty("status").GetString() is "applied" || (acceptDuplicate && results[i].GetProperty("status").GetString() is "duplicate"))]);
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                return (0, []);
            }
        }

        /// <summary>Null when the unit's view holds the case and each officer's view the link to it; otherwise what is missing.</summary>
        public async Task<string?> VerifyAsync(int unit)
        {
            var caseNumber = Case(runId, unit);
            var view = await ViewAsync("uscc", Ids.Unit(unit));
            if (view is not { } v || !v.GetProperty("listings").EnumerateArray().Any(l => l.GetProperty("caseNumber").GetString() == caseNumber))
            {
                return $"unit {unit}: case {caseNumber} missing from the court view";
            }

            for (var k = 0; k < Roles.Length; k++)
            {
                var officer = await ViewAsync("resident_id", Ids.Officer(3 * unit + k));
                if (officer is not { } ov || !ov.GetProperty("officerOf").EnumerateArray().Any(l => l.GetProperty("caseNumber").GetString() == caseNumber))
                {
                    return $"unit {unit}: officer {k} ({Roles[k]}) has no link to case {caseNumber}";
                }
            }

            return null;
        }

        private async Task<JsonElement?> ViewAsync(string idType, string id)
        {
            for (var attempt = 0; ; attempt++)
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, $"/v1/court/subjects/{idType}/{id}");
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
                try
                {
                    using var response = await http.SendAsync(request);
                    if (response.IsSuccessStatusCode)
                    {
                        return await response.Content.ReadFromJsonAsync<JsonElement>();
                    }

                    if ((int)response.StatusCode < 500 || attempt == 5)
                    {
                        return null;
                    }
                }
                catch (Exception e) when ((e is HttpRequestException or TaskCanceledException) && attempt < 5)
                {
                }

                await Task.Delay(TimeSpan.FromSeconds(1));
            }
        }
    }

    private static async Task<(int Status, string? Decision)> CheckAsync(HttpClient http, string agencyKey, string idType, string id)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/checks")
        {
            Content = JsonContent.Create(new { measure = Measure, subject = new { idType, idNumber = id } }),
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

    private static void Log(string message) => Console.Error.WriteLine($"[fault] {message}");
}
