using System.Net;
using System.Text.Json;
using JointPunishment.Integration.Tests.Infrastructure;
using Microsoft.Extensions.Time.Testing;

namespace JointPunishment.Integration.Tests.EndToEnd;

/// <summary>
/// The red list (诚信典型, 五(三)) through HTTP: the operator adds and removes entries, a check of a red-listed subject
/// that nothing restricts carries its incentives, a listing ends the entry with its reason, and the public finds the
/// entries in force by name with masked numbers. The gateway's clock is a FakeTimeProvider, so an entry can expire.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class RedListTests(PostgresServer postgres) : IAsyncLifetime
{
    private const string Category = "纳税信用A级纳税人";
    private const string Basis = "国家税务总局宁夏回族自治区税务局2026年度评定";
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 1, 4, 0, 0, TimeSpan.Zero)); // noon in China
    private RunningSystem _system = null!;
    private string _court = "";
    private string _air = "";

    public async Task InitializeAsync()
    {
        _system = await RunningSystem.StartAsync(postgres, gatewayTime: _time);
        _court = await _system.RegisterCourtAsync("c1");
        _air = await _system.RegisterAgencyAsync("air", "consumption.air");
        // From here the gateway's copy of the index vouches for unnamed subjects: a red-listed subject's check reaches
        // its grain only because adding the entry named it in the index.
        await _system.WaitForGatewayIndexAsync();
    }

    public async Task DisposeAsync() => await _system.DisposeAsync();

    [Fact]
    public async Task Added_CheckAllowsWithIncentives_PublicQueryShowsTheMaskedNumber_AndAnUnlistedSubjectHasNone()
    {
        var id = TestIds.ResidentId();
        var added = await AddAsync(Person(id, "王红梅"), until: "2027-12-31");
        Assert.Equal("2026-12-01", added.GetProperty("since").GetString());
        Assert.True(added.GetProperty("active").GetBoolean());

        var check = await CheckAsync(id);
        Assert.Equal("allow", check.GetProperty("decision").GetString());
        var incentive = Assert.Single(check.GetProperty("incentives").EnumerateArray());
        Assert.Equal(Category, incentive.GetProperty("category").GetString());
        Assert.Equal(Basis, incentive.GetProperty("basis").GetString());
        var batch = await _system.JsonAsync(HttpMethod.Post, "/v1/checks/batch", _air,
            new { measure = "consumption.air", subjects = new[] { new { idType = "resident_id", idNumber = id }, new { idType = "resident_id", idNumber = TestIds.ResidentId() } } });
        var results = batch.GetProperty("results").EnumerateArray().ToArray();
        Assert.Equal(Category, Assert.Single(results[0].GetProperty("incentives").EnumerateArray()).GetProperty("category").GetString());
        Assert.False(results[1].TryGetProperty("incentives", out _));

        var stranger = await CheckAsync(TestIds.ResidentId());
        Assert.Equal("allow", stranger.GetProperty("decision").GetString());
        Assert.False(stranger.TryGetProperty("incentives", out _));

        var found = await PublicAsync("王红梅");
        var item = Assert.Single(found.GetProperty("items").EnumerateArray());
        Assert.Equal("王红梅", item.GetProperty("name").GetString());
        Assert.Equal($"{id[..10]}****{id[^4..]}", item.GetProperty("idNumberMasked").GetString());
        Assert.Equal(Category, item.GetProperty("category").GetString());
        Assert.Equal("2026-12-01", item.GetProperty("since").GetString());
        Assert.DoesNotContain(id, found.GetRawText(), StringComparison.Ordinal);
        Assert.Empty((await PublicAsync("王红")).GetProperty("items").EnumerateArray());
        // Stored by the subject key with the number masked, never in clear.
        Assert.Equal(0L, await _system.CountRowsContainingAsync("jp_red_list", id));
        Assert.Equal(1L, await _system.CountRowsContainingAsync("jp_red_list", $"{id[..10]}****{id[^4..]}"));

        var entry = await _system.JsonAsync(HttpMethod.Get, $"/v1/red-list/resident_id/{id}", RunningSystem.OperatorKey);
        Assert.Equal(Basis, entry.GetProperty("basis").GetString());
        Assert.Equal("2027-12-31", entry.GetProperty("until").GetString());
        Assert.False(entry.TryGetProperty("exitedOn", out _));
    }

    [Fact]
    public async Task Listing_EndsTheEntryAtOnce_WithItsReason_TheCheckRestricts_AndAnotherAddIs409UntilDelisted()
    {
        var id = TestIds.ResidentId();
        var subject = Person(id, "李诚信");
        await AddAsync(subject);

        await EventsAsync(new { eventId = "l1", type = "listed", caseNumber = "(2026)宁01执501号", subject, listedOn = "2026-11-30", @public = true });

        var check = await CheckAsync(id);
        Assert.NotEqual("allow", check.GetProperty("decision").GetString());
        Assert.False(check.TryGetProperty("incentives", out _));
        Assert.Empty((await PublicAsync("李诚信")).GetProperty("items").EnumerateArray());
        var exited = await _system.JsonAsync(HttpMethod.Get, $"/v1/red-list/resident_id/{id}", RunningSystem.OperatorKey);
        Assert.False(exited.GetProperty("active").GetBoolean());
        Assert.Equal("2026-11-30", exited.GetProperty("exitedOn").GetString());
        Assert.Equal("listed: (2026)宁01执501号", exited.GetProperty("exitReason").GetString());

        // While listed: 409, and nothing stored (the exit is still what the operator reads; the check still restricts).
        await _system.JsonAsync(HttpMethod.Post, "/v1/red-list", RunningSystem.OperatorKey, new { subject, category = "另一类别", basis = Basis }, 409);
        var after409 = await _system.JsonAsync(HttpMethod.Get, $"/v1/red-list/resident_id/{id}", RunningSystem.OperatorKey);
        Assert.Equal(Category, after409.GetProperty("category").GetString());
        Assert.Equal("listed: (2026)宁01执501号", after409.GetProperty("exitReason").GetString());
        Assert.Empty((await PublicAsync("李诚信")).GetProperty("items").EnumerateArray());
        await _system.JsonAsync(HttpMethod.Delete, $"/v1/red-list/resident_id/{id}", RunningSystem.OperatorKey, expectedStatus: 404);

        // Delisted (shielded), the subject may be red-listed again; it stays named in the index, so the check finds the entry.
        await EventsAsync(new { eventId = "s1", type = "shielded", caseNumber = "(2026)宁01执501号", subject });
        await AddAsync(subject);
        var again = await CheckAsync(id);
        Assert.Equal("allow", again.GetProperty("decision").GetString());
        Assert.Single(again.GetProperty("incentives").EnumerateArray());
        Assert.Single((await PublicAsync("李诚信")).GetProperty("items").EnumerateArray());
    }

    [Fact]
    public async Task Delete_TakesTheSubjectOff_RecordsTheExit_AndIs404WhenNotOnIt()
    {
        var id = TestIds.ResidentId();
        await AddAsync(Person(id, "赵守信"));

        using (var removed = await _system.SendAsync(HttpMethod.Delete, $"/v1/red-list/resident_id/{id}", RunningSystem.OperatorKey))
        {
            Assert.Equal(HttpStatusCode.NoContent, removed.StatusCode);
        }

        var check = await CheckAsync(id);
        Assert.Equal("allow", check.GetProperty("decision").GetString());
        Assert.False(check.TryGetProperty("incentives", out _));
        Assert.Empty((await PublicAsync("赵守信")).GetProperty("items").EnumerateArray());
        var entry = await _system.JsonAsync(HttpMethod.Get, $"/v1/red-list/resident_id/{id}", RunningSystem.OperatorKey);
        Assert.Equal("removed", entry.GetProperty("exitReason").GetString());
        Assert.Equal("2026-12-01", entry.GetProperty("exitedOn").GetString());

        await _system.JsonAsync(HttpMethod.Delete, $"/v1/red-list/resident_id/{id}", RunningSystem.OperatorKey, expectedStatus: 404);
        // Both of the operator's changes are on record under the subject's key, never its number.
        var audit = await _system.JsonAsync(HttpMethod.Get, "/v1/audit?limit=1000", RunningSystem.OperatorKey);
        var actions = audit.GetProperty("items").EnumerateArray().Select(e => e.GetProperty("action").GetString()).ToArray();
        Assert.Contains("red_list_added", actions);
        Assert.Contains("red_list_removed", actions);
        Assert.DoesNotContain(id, audit.GetRawText(), StringComparison.Ordinal);
        var never = TestIds.ResidentId();
        await _system.JsonAsync(HttpMethod.Delete, $"/v1/red-list/resident_id/{never}", RunningSystem.OperatorKey, expectedStatus: 404);
        await _system.JsonAsync(HttpMethod.Get, $"/v1/red-list/resident_id/{never}", RunningSystem.OperatorKey, expectedStatus: 404);
    }

    [Fact]
    public async Task Expired_GivesNoIncentives_AndIsNotShownPublicly()
    {
        var id = TestIds.ResidentId();
        await AddAsync(Person(id, "钱有信"), until: "2026-12-02");
        Assert.Single((await CheckAsync(id)).GetProperty("incentives").EnumerateArray());

        _time.Advance(TimeSpan.FromDays(2)); // 2026-12-03: the entry ended the day before

        var check = await CheckAsync(id);
        Assert.Equal("allow", check.GetProperty("decision").GetString());
        Assert.False(check.TryGetProperty("incentives", out _));
        Assert.Empty((await PublicAsync("钱有信")).GetProperty("items").EnumerateArray());
        Assert.False((await _system.JsonAsync(HttpMethod.Get, $"/v1/red-list/resident_id/{id}", RunningSystem.OperatorKey)).GetProperty("active").GetBoolean());
    }

    [Fact]
    public async Task BadFields_AreEachNamed_NothingIsStored_AndOnlyTheOperatorMayAdd()
    {
        var id = TestIds.ResidentId();
        var wrongCheckDigit = id[..^1] + (id[^1] == '0' ? '1' : '0');
        var invalid = await _system.JsonAsync(HttpMethod.Post, "/v1/red-list", RunningSystem.OperatorKey, new
        {
            subject = new { idType = "resident_id", idNumber = wrongCheckDigit, name = "孙某" },
            category = new string('类', 101),
            basis = new string('据', 1001),
            until = "2026-11-30",
        }, 400);
        var errors = invalid.GetProperty("errors");
        foreach (var field in new[] { "subject.idNumber", "category", "basis", "until" })
        {
            Assert.True(errors.TryGetProperty(field, out _), $"{field} not named: {invalid}");
        }

        var missing = (await _system.JsonAsync(HttpMethod.Post, "/v1/red-list", RunningSystem.OperatorKey,
            new { subject = new { idType = "resident_id", idNumber = id, name = "孙某" }, until = "明天" }, 400)).GetProperty("errors");
        Assert.True(missing.TryGetProperty("category", out _));
        Assert.True(missing.TryGetProperty("basis", out _));
        Assert.True(missing.TryGetProperty("until", out _));
        await _system.JsonAsync(HttpMethod.Get, $"/v1/red-list/resident_id/{id}", RunningSystem.OperatorKey, expectedStatus: 404);
        Assert.False((await CheckAsync(id)).TryGetProperty("incentives", out _));

        await _system.JsonAsync(HttpMethod.Post, "/v1/red-list", _air, new { subject = Person(id, "孙某"), category = Category, basis = Basis }, 403);
        await _system.JsonAsync(HttpMethod.Post, "/v1/red-list", null, new { subject = Person(id, "孙某"), category = Category, basis = Basis }, 401);
        await _system.JsonAsync(HttpMethod.Get, $"/v1/red-list/resident_id/{id}", _air, expectedStatus: 403);
        Assert.True((await _system.JsonAsync(HttpMethod.Get, "/v1/red-list/resident_id/123", RunningSystem.OperatorKey, expectedStatus: 400)).GetProperty("errors").TryGetProperty("idNumber", out _));

        // The public query's name rules are the debtor query's.
        Assert.True((await _system.JsonAsync(HttpMethod.Get, "/v1/public/red-list", null, expectedStatus: 400)).GetProperty("errors").TryGetProperty("name", out _));
        Assert.True((await _system.JsonAsync(HttpMethod.Get, "/v1/public/red-list?name=孙", null, expectedStatus: 400)).GetProperty("errors").TryGetProperty("name", out _));
    }

    [Fact]
    public async Task OpenApi_DescribesTheRedListRoutes()
    {
        var document = (await _system.JsonAsync(HttpMethod.Get, "/openapi/v1.json", null)).GetProperty("paths");
        foreach (var path in new[] { "/v1/red-list", "/v1/red-list/{idType}/{idNumber}", "/v1/public/red-list" })
        {
            Assert.True(document.TryGetProperty(path, out _), $"{path} is not in the OpenAPI document");
        }
    }

    private static object Person(string id, string name) => new { idType = "resident_id", idNumber = id, name };

    private Task<JsonElement> AddAsync(object subject, string? until = null) =>
        _system.JsonAsync(HttpMethod.Post, "/v1/red-list", RunningSystem.OperatorKey, new { subject, category = Category, basis = Basis, until }, 201);

    private Task<JsonElement> CheckAsync(string id) =>
        _system.JsonAsync(HttpMethod.Post, "/v1/checks", _air, new { measure = "consumption.air", subject = new { idType = "resident_id", idNumber = id } });

    private Task<JsonElement> PublicAsync(string name) =>
        _system.JsonAsync(HttpMethod.Get, $"/v1/public/red-list?name={Uri.EscapeDataString(name)}", null);

    private async Task EventsAsync(params object[] events)
    {
        var results = (await _system.JsonAsync(HttpMethod.Post, "/v1/court/events", _court, new { events })).GetProperty("results");
        Assert.All(results.EnumerateArray(), r => Assert.Equal("applied", r.GetProperty("status").GetString()));
    }
}
