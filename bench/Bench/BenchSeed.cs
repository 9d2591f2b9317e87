using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace JointPunishment.Bench;

/// <summary>
/// Seeding a node as the benchmarks do: a court and an agency registered with the operator key, and <c>listed</c>
/// listings (10% units with two officers) sent through the importer (tools/Importer), as a court's existing list is.
/// </summary>
public static class BenchSeed
{
    /// <summary>The measures the bench agency holds; the HTTP checks (bench/http-check.lua) go over the same three.</summary>
    public static readonly string[] Measures = ["consumption.rail", "consumption.air", "consumption.hotel"];

    /// <summary>Listed persons and units among <paramref name="listed"/> listings.</summary>
    public static (int Persons, int Units) Split(int listed) => (listed - listed / 10, listed / 10);

    /// <summary>Registers a court (<c>/v1/courts</c>), agency or consumer at <paramref name="url"/>; returns its API key.</summary>
    public static async Task<string> RegisterAsync(HttpClient http, string operatorKey, string url, object body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = JsonContent.Create(body) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", operatorKey);
        using var response = await http.SendAsync(request);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("apiKey").GetString()!;
    }

    /// <summary>A client of <paramref name="gateway"/> calling with <paramref name="key"/>.</summary>
    public static HttpClient Client(string gateway, string key)
    {
        var http = new HttpClient { BaseAddress = new Uri(gateway), Timeout = TimeSpan.FromMinutes(5) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return http;
    }

    /// <summary>An agency holding <see cref="Measures"/>; returns its key.</summary>
    public static Task<string> RegisterAgencyAsync(HttpClient http, string gateway, string operatorKey, string code) =>
        RegisterAsync(http, operatorKey, $"{gateway}/v1/agencies", new { code, name = "bench agency", measures = Measures });

    /// <summary>Where <see cref="ListingsAsync"/> writes the listings: one JSON line each, as the importer reads them.</summary>
    public static string ListingsFile(string work, int listed) => Path.Combine(work, $"listings-{listed}.jsonl");

    /// <summary>Writes the listings to <see cref="ListingsFile"/> and imports them with the court's key.</summary>
    public static async Task<Throughput> ListingsAsync(string importer, string gateway, string courtKey, string work, string runId, int listed)
    {
        var (persons, units) = Split(listed);
        var file = ListingsFile(work, listed);
        await WriteListingsAsync(file, runId, persons, units);
        var import = await ImportAsync(importer, gateway, courtKey, file);
        Log($"imported: {import.Count:N0} applied in {import.Seconds:F1} s = {import.PerSecond:N0} listings/s");
        return import;
    }

    /// <summary>A sample of up to 10,000 listed persons' numbers in <c>work/listed-sample.txt</c>, for wrk's 1% listed checks.</summary>
    public static async Task<string> WriteListedSampleAsync(string work, int persons)
    {
        var file = Path.Combine(work, "listed-sample.txt");
        await File.WriteAllLinesAsync(file, Enumerable.Range(0, Math.Min(persons, 10_000)).Select(i => Ids.ListedPerson((int)((long)i * 7919 % persons))));
        return file;
    }

    private static async Task WriteListingsAsync(string file, string runId, int persons, int units)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        await using var writer = new StreamWriter(file, append: false, new UTF8Encoding(false));
        for (var i = 0; i < persons; i++)
        {
            await writer.WriteLineAsync(JsonSerializer.Serialize(new
            {
                eventId = $"b{runId}-p{i}", type = "listed", caseNumber = $"(2026)京01执{runId}-{i}号",
                subject = new { idType = "resident_id", idNumber = Ids.ListedPerson(i), name = $"被执行人{i}" },
                listedOn = "2026-01-01", @public = true,
            }));
        }

        for (var j = 0; j < units; j++)
        {
            await writer.WriteLineAsync(JsonSerializer.Serialize(new
            {
                eventId = $"b{runId}-u{j}", type = "listed", caseNumber = $"(2026)京01执{runId}-u{j}号",
                subject = new { idType = "uscc", idNumber = Ids.Unit(j), name = $"公司{j}" },
                listedOn = "2026-01-01", @public = true,
                officers = new[]
                {
                    new { role = "legal_representative", idType = "resident_id", idNumber = Ids.Officer(2 * j), name = $"法人{j}" },
                    new { role = "actual_controller", idType = "resident_id", idNumber = Ids.Officer(2 * j + 1), name = $"控制人{j}" },
                },
            }));
        }
    }

    private static async Task<Throughput> ImportAsync(string importer, string gateway, string courtKey, string file)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true };
        foreach (var arg in new[] { importer, "--gateway", gateway, "--key", courtKey, "--file", file, "--format", "jsonl", "--batch", "1000", "--parallel", "4", "--quiet" })
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"the importer failed ({process.ExitCode}): {output}");
        }

        var summary = JsonDocument.Parse(output.Trim().Split('\n')[^1]).RootElement;
        return new Throughput(summary.GetProperty("applied").GetInt64() + summary.GetProperty("duplicate").GetInt64(), summary.GetProperty("seconds").GetDouble());
    }

    private static void Log(string message) => Console.Error.WriteLine($"[bench {DateTime.Now:HH:mm:ss}] {message}");
}
