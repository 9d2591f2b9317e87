using System.Text.Json;
using JointPunishment.Grains.Domain;
using JointPunishment.Integration.Tests.Infrastructure;

namespace JointPunishment.Integration.Tests.EndToEnd;

/// <summary>
/// Reporting back (issue 23 item 3; 五, last paragraph: 及时反馈惩戒情况): a regional agency's hits on national cases
/// and its feedback reach the national node, whose <c>GET /v1/stats</c> counts them under <c>{node}/{agency}</c>
/// (the regional node's consumer code there is <c>regional</c>); nothing about anyone else goes up.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class FederationReportTests(PostgresServer postgres, FederationTests.TwoNodes nodes) : IAsyncLifetime, IClassFixture<FederationTests.TwoNodes>
{
    private static readonly TimeSpan Following = TimeSpan.FromSeconds(60);

    public Task InitializeAsync() => nodes.StartOnceAsync(postgres);

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task AHitOnANationalListing_AndItsFeedback_AreCountedNationallyUnderNodeSlashAgency_AndNothingElseGoesUp()
    {
        var agency = await RegisterRegionalAgencyAsync("r-rail");
        var national = await ListNationallyAsync("(2026)沪0101执21号", "n-21");
        var regional = new Person("resident_id", TestIds.ResidentId(), "本地某");
        var regionalCourt = (await nodes.Regional.JsonAsync(HttpMethod.Post, "/v1/court/events", nodes.RegionalCourt, new
        {
            events = new[] { new { eventId = "r-21", type = "listed", caseNumber = "(2026)浙0101执21号", subject = regional, listedOn = "2026-12-01", @public = true } },
        })).GetProperty("results")[0];
        Assert.Equal("applied", regionalCourt.GetProperty("status").GetString());
        var unlisted = new Person("resident_id", TestIds.ResidentId(), "无关某");

        var hit = await CheckAsync(agency, national);
        Assert.Equal("block", hit.GetProperty("decision").GetString());
        Assert.Equal("block", (await CheckAsync(agency, regional)).GetProperty("decision").GetString());
        Assert.Equal("allow", (await CheckAsync(agency, unlisted)).GetProperty("decision").GetString());
        await nodes.Regional.JsonAsync(HttpMethod.Post, "/v1/feedback", agency.Key, new { checkId = hit.GetProperty("checkId").GetString(), outcome = "refused" }, 202);

        var counted = await EventuallyCountedAsync($"regional/{agency.Code}", refused: 1);
        Assert.Equal("consumption.rail", counted.GetProperty("measure").GetString());
        Assert.Equal((1, 1, 1, 0, 0), (counted.GetProperty("checks").GetInt64(), counted.GetProperty("hits").GetInt64(),
            counted.GetProperty("refused").GetInt64(), counted.GetProperty("served").GetInt64(), counted.GetProperty("reviewed").GetInt64()));

        // The hit on the regional court's case and the allowed check stay here; so do names and identity numbers.
        await nodes.Regional.FlushCheckRecordsAsync();
        await EventuallyNothingPendingAsync();
        Assert.Equal(1, await CountAsync(nodes.National, $"SELECT count(*) FROM jp_node_report WHERE node = 'regional' AND agency = '{agency.Code}'"));
        Assert.Equal(2, await CountAsync(nodes.Regional, $"SELECT count(*) FROM jp_upstream_report WHERE agency = '{agency.Code}'"));
        foreach (var secret in new[] { national.IdNumber, national.Name, regional.IdNumber, regional.Name, unlisted.IdNumber, unlisted.Name })
        {
            Assert.Equal(0, await nodes.National.CountRowsContainingAsync("jp_node_report", secret));
            Assert.Equal(0, await nodes.Regional.CountRowsContainingAsync("jp_upstream_report", secret));
        }

        var report = await nodes.National.JsonAsync(HttpMethod.Get, $"/v1/stats?agency=regional/{agency.Code}", RunningSystem.OperatorKey);
        Assert.Single(report.GetProperty("items").EnumerateArray());
    }

    [Fact]
    public async Task ReportsSentWhileTheNationalNodeIsAway_ArriveWhenItIsBack_AndASecondSendingCountsOnce()
    {
        var agency = await RegisterRegionalAgencyAsync("r-air2", "consumption.air");
        var person = await ListNationallyAsync("(2026)沪0101执22号", "n-22");

        await nodes.StopNationalGatewayAsync();
        try
        {
            var hit = await CheckAsync(agency, person, "consumption.air");
            Assert.Equal("block", hit.GetProperty("decision").GetString());
            await nodes.Regional.JsonAsync(HttpMethod.Post, "/v1/feedback", agency.Key, new { checkId = hit.GetProperty("checkId").GetString(), outcome = "served" }, 202);
            await ClusterHarness.EventuallyAsync(async () =>
            {
                Assert.Equal(2, await CountAsync(nodes.Regional, $"SELECT count(*) FROM jp_upstream_report WHERE agency = '{agency.Code}' AND sent_at IS NULL"));
                var reports = (await nodes.RegionalStatusAsync()).GetProperty("reports");
                Assert.True(reports.TryGetProperty("lastError", out var error) && error.GetString() is { Length: > 0 }, reports.ToString());
            }, Following);
        }
        finally
        {
            nodes.StartNationalGateway();
        }

        await EventuallyCountedAsync($"regional/{agency.Code}", served: 1);
        await EventuallyNothingPendingAsync();

        // As if the national node had stored them but its answer was lost: the follower sends them again.
        var sent = (await nodes.RegionalStatusAsync()).GetProperty("reports").GetProperty("sent").GetInt64();
        await nodes.Regional.ExecuteSqlAsync($"UPDATE jp_upstream_report SET sent_at = NULL WHERE agency = '{agency.Code}'");
        await ClusterHarness.EventuallyAsync(async () =>
        {
            var reports = (await nodes.RegionalStatusAsync()).GetProperty("reports");
            Assert.Equal(0, reports.GetProperty("pending").GetInt64());
            Assert.True(reports.GetProperty("sent").GetInt64() >= sent + 2, reports.ToString());
        }, Following);
        var counted = await EventuallyCountedAsync($"regional/{agency.Code}", served: 1);
        Assert.Equal((1, 1, 1), (counted.GetProperty("checks").GetInt64(), counted.GetProperty("hits").GetInt64(), counted.GetProperty("served").GetInt64()));
    }

    [Fact]
    public async Task BadReports_AreRefusedNamingTheField_AndCountNothing_AndAReportSentTwiceCountsOnce()
    {
        // Posted with the regional node's own key, for an agency code its follower never reports (registering another node
        // consumer here would wait on the key-change fan-out to a gateway another test stopped).
        var nodeKey = nodes.NodeKey;
        var good = Report(Guid.CreateVersion7(), outcome: null);
        var bad = Report(Guid.CreateVersion7(), outcome: null, measure: "consumption.nope");
        var invalid = await nodes.National.JsonAsync(HttpMethod.Post, "/v1/federation/reports", nodeKey, new { reports = new[] { good, bad } }, 400);
        Assert.True(invalid.GetProperty("errors").TryGetProperty("reports[1].measure", out _), invalid.ToString());
        var badCase = await nodes.National.JsonAsync(HttpMethod.Post, "/v1/federation/reports", nodeKey, new
        {
            reports = new object[] { new { checkId = "not-a-uuid", agency = "p-air", measure = "consumption.air", decision = "allow", checkedAt = "yesterday", cases = new[] { new { court = "a b" } } } },
        }, 400);
        var errors = badCase.GetProperty("errors");
        foreach (var field in new[] { "reports[0].checkId", "reports[0].decision", "reports[0].checkedAt", "reports[0].cases[0].court", "reports[0].cases[0].caseNumber" })
        {
            Assert.True(errors.TryGetProperty(field, out _), $"{field}: {errors}");
        }

        Assert.Equal(0, await CountAsync(nodes.National, "SELECT count(*) FROM jp_node_report WHERE node = 'regional' AND agency = 'p-air'"));
        await nodes.National.JsonAsync(HttpMethod.Post, "/v1/federation/reports", nodes.NationalCourt, new { reports = new[] { good } }, 403);

        var first = await nodes.National.JsonAsync(HttpMethod.Post, "/v1/federation/reports", nodeKey, new { reports = new[] { good } });
        Assert.Equal(1, first.GetProperty("recorded").GetInt32());
        var again = await nodes.National.JsonAsync(HttpMethod.Post, "/v1/federation/reports", nodeKey, new { reports = new[] { good } });
        Assert.Equal(0, again.GetProperty("recorded").GetInt32());
        var counted = await EventuallyCountedAsync("regional/p-air", refused: 0);
        Assert.Equal((1, 1), (counted.GetProperty("checks").GetInt64(), counted.GetProperty("hits").GetInt64()));
    }

    private static object Report(Guid checkId, string? outcome, string measure = "consumption.air") => new
    {
        checkId = checkId.ToString(), agency = "p-air", measure, decision = "block", checkedAt = DateTimeOffset.UtcNow.ToString("O"),
        cases = new[] { new { court = "n-court", caseNumber = "(2026)沪0101执29号" } }, outcome,
    };

    private async Task<(string Code, string Key)> RegisterRegionalAgencyAsync(string code, string measure = "consumption.rail") =>
        (code, await nodes.Regional.RegisterAgencyAsync(code, measure));

    /// <summary>
    /// Lists a new person nationally and waits until the regional node blocks them, asking as the fixture's own agency, so
    /// that the test's agency makes no checks but the test's.
    /// </summary>
    private async Task<Person> ListNationallyAsync(string caseNumber, string eventId)
    {
        var person = new Person("resident_id", TestIds.ResidentId(), "外省某");
        await nodes.NationalEventsAsync(new { eventId, type = "listed", caseNumber, subject = person, listedOn = "2026-12-01", @public = true });
        await ClusterHarness.EventuallyAsync(async () => Assert.Equal("block", await nodes.RegionalDecisionAsync(person)), Following);
        return person;
    }

    private Task<JsonElement> CheckAsync((string Code, string Key) agency, Person subject, string measure = "consumption.rail") =>
        nodes.Regional.JsonAsync(HttpMethod.Post, "/v1/checks", agency.Key, new { measure, subject });

    private Task EventuallyNothingPendingAsync() => ClusterHarness.EventuallyAsync(async () =>
        Assert.Equal(0, (await nodes.RegionalStatusAsync()).GetProperty("reports").GetProperty("pending").GetInt64()), Following);

    /// <summary>The national node's stats row for <paramref name="agency"/> today, once it shows the feedback asked for.</summary>
    private async Task<JsonElement> EventuallyCountedAsync(string agency, int refused = 0, int served = 0)
    {
        JsonElement row = default;
        var today = TimeProvider.System.Today();
        await ClusterHarness.EventuallyAsync(async () =>
        {
            var stats = await nodes.National.JsonAsync(HttpMethod.Get, $"/v1/stats?agency={agency}&from={today.AddDays(-1):yyyy-MM-dd}&to={today.AddDays(1):yyyy-MM-dd}", RunningSystem.OperatorKey);
            row = Assert.Single(stats.GetProperty("items").EnumerateArray());
            Assert.Equal(agency, row.GetProperty("agency").GetString());
            Assert.Equal((refused, served), ((int)row.GetProperty("refused").GetInt64(), (int)row.GetProperty("served").GetInt64()));
        }, Following);
        return row;
    }

    private sealed record Person(string IdType, string IdNumber, string Name);

    private static async Task<long> CountAsync(RunningSystem system, string sql)
    {
        await using var connection = new Npgsql.NpgsqlConnection(system.ConnectionString);
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand(sql, connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
