using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace JointPunishment.Bench;

/// <summary>Drives HTTP checks with wrk (bench/http-check.lua): a C load generator leaves the 2 cores to the servers.</summary>
public static partial class Wrk
{
    public static bool IsAvailable() => File.Exists("/usr/bin/wrk");

    public static async Task<LoadResult> RunAsync(string url, string key, string listedFile, int connections, TimeSpan duration, TimeSpan warmup)
    {
        await RunWrkAsync(url, key, listedFile, connections, warmup, null);
        return await RunWrkAsync(url, key, listedFile, connections, duration, null);
    }

    /// <summary>One wrk run, no warm-up, stopped with SIGINT (wrk then prints its summary) when <paramref name="until"/> completes.</summary>
    public static Task<LoadResult> RunUntilAsync(string url, string key, string listedFile, int connections, Task until) =>
        RunWrkAsync(url, key, listedFile, connections, TimeSpan.FromHours(1), until);

    private static async Task<LoadResult> RunWrkAsync(string url, string key, string listedFile, int connections, TimeSpan duration, Task? until)
    {
        var script = Path.Combine(AppContext.BaseDirectory, "http-check.lua");
        var start = new ProcessStartInfo("/usr/bin/wrk") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { "-t2", $"-c{connections}", $"-d{Math.Max(1, (int)duration.TotalSeconds)}s", "--latency", "-s", script, url, "--", listedFile })
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["JP_BENCH_KEY"] = key;
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        if (until is not null)
        {
            try
            {
                await until;
            }
            finally
            {
                await Signals.SendAsync(process.Id, "INT");
            }
        }

        await process.WaitForExitAsync();
        return Parse(await output);
    }

    /// <summary>
    /// Reads wrk's summary. Its request count includes non-2xx answers; those and every socket error (connect, read,
    /// write, timeout: a request that got no answer) are failures.
    /// </summary>
    public static LoadResult Parse(string output)
    {
        var requests = long.Parse(RequestsPattern().Match(output).Groups[1].Value, CultureInfo.InvariantCulture);
        var nonSuccess = NonSuccessPattern().Match(output) is { Success: true } m ? long.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) : 0;
        var socket = SocketErrorsPattern().Match(output);
        var socketErrors = socket.Success ? Enumerable.Range(1, 4).Sum(g => long.Parse(socket.Groups[g].Value, CultureInfo.InvariantCulture)) : 0;
        var duration = DurationPattern().Match(output);
        // wrk gives the run's length in seconds, from 51 s on in minutes ("in 2.35m"), from 51 min on in hours.
        var seconds = double.Parse(duration.Groups[1].Value, CultureInfo.InvariantCulture) * duration.Groups[2].Value switch { "m" => 60, "h" => 3600, _ => 1 };
        var failures = nonSuccess + socketErrors;
        var why = failures == 0 ? null : $"{nonSuccess} non-2xx, socket errors: {(socket.Success ? socket.Value : "none")}";
        return new LoadResult(requests - nonSuccess, failures, seconds, Percentile(output, "50%"), Percentile(output, "99%"), why);
    }

    private static double Percentile(string output, string label)
    {
        var match = Regex.Match(output, $@"^\s*{Regex.Escape(label)}\s+([\d.]+)(us|ms|s)\s*$", RegexOptions.Multiline);
        var value = double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
        return match.Groups[2].Value switch { "us" => value / 1000, "s" => value * 1000, _ => value };
    }

    [GeneratedRegex(@"(\d+) requests in")]
    private static partial Regex RequestsPattern();

    [GeneratedRegex(@"requests in ([\d.]+)(s|m|h),")]
    private static partial Regex DurationPattern();

    [GeneratedRegex(@"Non-2xx or 3xx responses: (\d+)")]
    private static partial Regex NonSuccessPattern();

    [GeneratedRegex(@"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)")]
    private static partial Regex SocketErrorsPattern();
}
