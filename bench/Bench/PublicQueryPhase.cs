using System.Net;

namespace JointPunishment.Bench;

/// <summary>
/// The free public query (三(一)) over the listed population: lookups by name narrowed by identity number, and by name alone, through HTTP.
/// The gateway must be started with a raised per-client limit (<c>PublicQuery__PermitLimit</c>), since every request
/// here comes from one address.
/// </summary>
public static class PublicQueryPhase
{
    /// <summary>Adds <c>publicByIdPerSec</c>, <c>publicByNamePerSec</c>, <c>publicP99Ms</c> and <c>publicNameP99Ms</c> to <paramref name="figures"/>.</summary>
    public static async Task RunAsync(BenchOptions o, int persons, Dictionary<string, object> figures)
    {
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = o.Concurrency * 2 }) { BaseAddress = new Uri(o.Gateway) };
        var duration = TimeSpan.FromSeconds(o.Seconds);
        var warmup = o.WarmupTime;

        // Spread over the population (7919 is prime), so the lookups are not served from a few hot pages.
        // A number only narrows a query by name (an id alone could be completed by trying candidates): name and number.
        Log("public query by name and identity number");
        var byId = await LoadDriver.RunAsync(
            n => GetAsync(http, ByNameAndId((int)(n * 7919 % persons))), o.Concurrency, duration, warmup);
        Log("public query by name");
        var byName = await LoadDriver.RunAsync(
            n => GetAsync(http, $"/v1/public/debtors?name={Uri.EscapeDataString($"被执行人{n * 7919 % persons}")}"), o.Concurrency, duration, warmup);

        figures["publicByIdPerSec"] = Math.Round(byId.PerSecond);
        figures["publicByNamePerSec"] = Math.Round(byName.PerSecond);
        figures["publicP99Ms"] = Math.Round(byId.P99Ms, 2);
        figures["publicNameP99Ms"] = Math.Round(byName.P99Ms, 2);
        figures["publicFailures"] = byId.Failures + byName.Failures;
    }

    private static string ByNameAndId(int person) =>
        $"/v1/public/debtors?name={Uri.EscapeDataString($"被执行人{person}")}&idNumber={Ids.ListedPerson(person)}";

    private static async Task GetAsync(HttpClient http, string path)
    {
        using var response = await http.GetAsync(path);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw new HttpRequestException($"{(int)response.StatusCode} for a public query");
        }

        // One hit expected: an empty answer would mean the read model lost a listing, which is a failure, not speed.
        var body = await response.Content.ReadAsStringAsync();
        if (!body.Contains("idNumberMasked", StringComparison.Ordinal))
        {
            throw new InvalidOperationException("a listed debtor was not found by the public query");
        }
    }

    private static void Log(string message) => Console.Error.WriteLine($"[bench {DateTime.Now:HH:mm:ss}] {message}");
}
