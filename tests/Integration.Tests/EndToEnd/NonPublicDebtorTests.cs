using System.Text.Encodings.Web;
using System.Text.Json;
using System.Threading.Channels;
using JointPunishment.Integration.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;

namespace JointPunishment.Integration.Tests.EndToEnd;

/// <summary>
/// 四(二)2 依法不宜公开 (CONTRACT "Feeds that are not public"): a debtor listed as not to be published, and a unit with
/// its officer, are enforced by agencies but reach nobody else. Through their whole lifecycle, every route a caller who is
/// neither a court nor the operator can reach, the republisher's webhook and the logs never carry their names or numbers.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class NonPublicDebtorTests(PostgresServer postgres) : IAsyncLifetime
{
    /// <summary>Bodies are compared as text with Chinese unescaped (the API escapes non-ASCII as \uXXXX).</summary>
    private static readonly JsonSerializerOptions Readable = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private readonly LogCapture _logs = new();
    private readonly Channel<string> _webhook = Channel.CreateUnbounded<string>();
    private readonly List<(string Route, string Body)> _seen = [];
    private RunningSystem _system = null!;
    private WebApplication _republisher = null!;

    public async Task InitializeAsync()
    {
        // A republisher that acknowledges every delivery and keeps its body.
        (_system, _republisher) = await TestRepublisher.StartWithSystemAsync(postgres, async (_, body) =>
        {
            await _webhook.Writer.WriteAsync(body);
            return 200;
        }, new Dictionary<string, string?> { ["PublicQuery:PermitLimit"] = "100000" }, _logs);
    }

    public async Task DisposeAsync()
    {
        await _republisher.DisposeAsync();
        await _system.DisposeAsync();
    }

    [Fact]
    public async Task NonPublicDebtorAndUnitWithOfficer_ThroughTheirLifecycle_AppearOnNoRouteOutsideCourtsAndOperator()
    {
        await _system.JsonAsync(HttpMethod.Post, "/v1/republishers", RunningSystem.OperatorKey, new { code = "np-mirror", url = $"{_republisher.Urls.First()}/hook" }, 201);
        var court = await _system.RegisterCourtAsync("np-court");
        var agency = await _system.RegisterAgencyAsync("np-agency", "consumption.air", "credit.bank_credit", "supervision.key_target");
        var platform = await _system.RegisterConsumerAsync("np-credit");

        // Birth dates of their own, so that even the first 10 characters (what a masked number shows) are theirs alone.
        var person = new Subject("resident_id", TestIds.ResidentId("19770707"), "隐秘甲某");
        var unit = new Subject("uscc", TestIds.Uscc(), "隐秘实业有限公司");
        var officerId = TestIds.ResidentId("19660606");
        var control = new Subject("resident_id", TestIds.ResidentId(), "公开丙某");   // public: proves the feeds do carry entries
        await EventsAsync(court,
            new { eventId = "np-0", type = "risk_notice", caseNumber = "(2026)宁01执901号", subject = person },
            new { eventId = "np-1", type = "listed", caseNumber = "(2026)宁01执901号", subject = person, listedOn = "2026-11-02", @public = false },
            new
            {
                eventId = "np-2", type = "listed", caseNumber = "(2026)宁01执902号", subject = unit, listedOn = "2026-11-02", @public = false,
                officers = new[] { new { role = "legal_representative", idType = "resident_id", idNumber = officerId, name = "隐秘乙某" } },
            },
            new { eventId = "np-3", type = "listed", caseNumber = "(2026)宁01执903号", subject = control, listedOn = "2026-11-02", @public = true });
        var officer = new Subject("resident_id", officerId, "隐秘乙某");

        // Agencies enforce a listing that is not public (their answers name the case, never the person).
        foreach (var s in new[] { person, officer })
        {
            var check = await ReadAsync("POST /v1/checks", HttpMethod.Post, "/v1/checks", agency, new { measure = "consumption.air", subject = new { s.idType, s.idNumber } });
            Assert.Equal("block", check.GetProperty("decision").GetString());
            await ReadAsync("POST /v1/feedback", HttpMethod.Post, "/v1/feedback", agency, new { checkId = check.GetProperty("checkId").GetString(), outcome = "refused" }, 202);
        }

        await ReadAsync("POST /v1/checks/batch", HttpMethod.Post, "/v1/checks/batch", agency,
            new { measure = "credit.bank_credit", subjects = new object[] { new { person.idType, person.idNumber }, new { unit.idType, unit.idNumber } } });
        // The sample's answer repeats the population the agency sent; what it reads back later is scanned.
        var sample = await _system.JsonAsync(HttpMethod.Post, "/v1/agencies/np-agency/sampling", agency, new
        {
            seed = "7", rate = 0, keyRate = 1,
            units = new[] { new { @ref = "np-u1", subject = new { unit.idType, unit.idNumber }, relatedPersons = new[] { new { role = "legal_representative", idType = "resident_id", idNumber = officerId } } } },
        }, 201);
        await ReadAsync("GET sampling draw", HttpMethod.Get, $"/v1/agencies/np-agency/sampling/{sample.GetProperty("id").GetString()}", agency);

        // The public: queries by name and by name and number, a complaint and its answer.
        await ScanPublicQueriesAsync(person, unit, officer);
        var filed = await ReadAsync("POST /v1/public/complaints", HttpMethod.Post, "/v1/public/complaints", null,
            new { agencyCode = "np-agency", subject = person, description = "该人仍购得机票" }, 201);
        var complaint = filed.GetProperty("id").GetString();
        var resolved = await ReadAsync("POST complaint resolution", HttpMethod.Post, $"/v1/complaints/{complaint}/resolution", agency, new { finding = "justified", response = "已核实并处理" });
        Assert.False(resolved.GetProperty("punishmentApplied").GetBoolean());   // telling the complainant would tell the public
        Assert.False((await ReadAsync("GET complaint", HttpMethod.Get, $"/v1/public/complaints/{complaint}", null)).GetProperty("punishmentApplied").GetBoolean());

        // Delisting: shielded, revoked (the officer's link ends with it), the public control shielded too.
        await EventsAsync(court,
            new { eventId = "np-4", type = "shielded", caseNumber = "(2026)宁01执901号", subject = person },
            new { eventId = "np-5", type = "revoked", caseNumber = "(2026)宁01执902号", subject = unit },
            new { eventId = "np-6", type = "shielded", caseNumber = "(2026)宁01执903号", subject = control });
        foreach (var s in new[] { person, unit, control })
        {
            await _system.JsonAsync(HttpMethod.Post, "/v1/credit-repair", agency, new { subject = s, decision = "granted", note = $"{s.name}已履行" });
        }

        await ScanPublicQueriesAsync(person, unit, officer);
        var delistings = await ReadAsync("GET /v1/public/delistings", HttpMethod.Get, "/v1/public/delistings?limit=1000", null);
        Assert.Equal("(2026)宁01执903号", Assert.Single(delistings.GetProperty("items").EnumerateArray()).GetProperty("caseNumber").GetString());
        Assert.Contains(_seen, seen => seen.Body.Contains("公开丙某", StringComparison.Ordinal));   // the scan does read names
        var repairs = await ReadAsync("GET /v1/credit-repairs", HttpMethod.Get, "/v1/credit-repairs?limit=1000", platform);
        Assert.Equal("公开丙某", Assert.Single(repairs.GetProperty("items").EnumerateArray()).GetProperty("subject").GetProperty("name").GetString());
        await ReadAsync("GET ledger", HttpMethod.Get, "/v1/agencies/np-agency/ledger", agency);
        await ReadAsync("GET complaint", HttpMethod.Get, $"/v1/public/complaints/{complaint}", null);
        await ReadTextAsync("GET /", "/", null);
        await ReadTextAsync("GET /public/app.js", "/public/app.js", null);
        await ReadTextAsync("GET /operator", "/operator", null);
        await _system.FlushCheckRecordsAsync();
        await ReadTextAsync("GET /metrics", "/metrics", null);
        await ReadTextAsync("GET /metrics (operator)", "/metrics", RunningSystem.OperatorKey);

        // The republisher receives the public control's delisting, and nothing of the others.
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        string delivered;
        do
        {
            delivered = Unescaped(await _webhook.Reader.ReadAsync(timeout.Token));
            _seen.Add(("webhook delivery", delivered));
        }
        while (!delivered.Contains("(2026)宁01执903号", StringComparison.Ordinal));

        foreach (var s in new[] { person, unit, officer })
        {
            foreach (var needle in Needles(s))
            {
                Assert.DoesNotContain(_seen, seen => seen.Body.Contains(needle, StringComparison.Ordinal));
                Assert.DoesNotContain(_logs.Lines, line => line.Contains(needle, StringComparison.Ordinal));
            }
        }

        foreach (var caseNumber in new[] { "(2026)宁01执901号", "(2026)宁01执902号" })
        {
            Assert.DoesNotContain(_seen, seen => !seen.Route.Contains("check", StringComparison.Ordinal) && seen.Body.Contains(caseNumber, StringComparison.Ordinal));
        }
    }

    /// <summary>The name, the number and the forms a public view would show of it (masked resident id; a unit code is shown in full).</summary>
    private static IEnumerable<string> Needles(Subject s) =>
        s.idType == "resident_id" ? [s.name, s.idNumber, $"{s.idNumber[..10]}****{s.idNumber[^4..]}", s.idNumber[..10]] : [s.name, s.idNumber];

    private async Task ScanPublicQueriesAsync(params Subject[] subjects)
    {
        foreach (var s in subjects)
        {
            var name = Uri.EscapeDataString(s.name);
            var byName = await ReadAsync("GET /v1/public/debtors", HttpMethod.Get, $"/v1/public/debtors?name={name}", null);
            Assert.Empty(byName.GetProperty("items").EnumerateArray());
            var narrowed = await ReadAsync("GET /v1/public/debtors", HttpMethod.Get, $"/v1/public/debtors?name={name}&idNumber={s.idNumber}", null);
            Assert.Empty(narrowed.GetProperty("items").EnumerateArray());
            // A short name is also searched for similar ones: a prefix of it must not bring it up either.
            await ReadAsync("GET /v1/public/debtors", HttpMethod.Get, $"/v1/public/debtors?name={Uri.EscapeDataString(s.name[..3])}", null);
            // Problems do not echo the number either.
            await ReadAsync("GET /v1/public/debtors (problem)", HttpMethod.Get, $"/v1/public/debtors?idNumber={s.idNumber}", null, expectedStatus: 400);
        }
    }

    private async Task<JsonElement> ReadAsync(string route, HttpMethod method, string path, string? key, object? body = null, int expectedStatus = 200)
    {
        using var response = await _system.SendAsync(method, path, key, body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True((int)response.StatusCode == expectedStatus, $"{route}: expected {expectedStatus}, got {(int)response.StatusCode}: {text}");
        _seen.Add((route, Unescaped(text)));
        return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
    }

    private async Task ReadTextAsync(string route, string path, string? key)
    {
        using var response = await _system.SendAsync(HttpMethod.Get, path, key);
        _seen.Add((route, Unescaped(await response.Content.ReadAsStringAsync())));
    }

    /// <summary>JSON re-written with non-ASCII characters as themselves; any other text as it is.</summary>
    private static string Unescaped(string text)
    {
        try
        {
            using var json = JsonDocument.Parse(text);
            return JsonSerializer.Serialize(json.RootElement, Readable);
        }
        catch (JsonException)
        {
            return text;
        }
    }

    private async Task EventsAsync(string court, params object[] events)
    {
        var results = (await _system.JsonAsync(HttpMethod.Post, "/v1/court/events", court, new { events })).GetProperty("results");
        Assert.All(results.EnumerateArray(), r => Assert.Equal("applied", r.GetProperty("status").GetString()));
    }

    private sealed record Subject(string idType, string idNumber, string name);
}
