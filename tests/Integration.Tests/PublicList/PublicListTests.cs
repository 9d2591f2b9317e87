using System.Net;
using System.Text.Json;
using JointPunishment.Integration.Tests.Infrastructure;

namespace JointPunishment.Integration.Tests.PublicList;

/// <summary>The public query and the delisting feed through HTTP, on two silos and real PostgreSQL.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PublicListTests(PostgresServer postgres) : IAsyncLifetime
{
    private RunningSystem _system = null!;
    private string _court = "";
    private int _event;

    public async Task InitializeAsync()
    {
        _system = await RunningSystem.StartAsync(postgres, gatewaySettings: new Dictionary<string, string?> { ["PublicQuery:PermitLimit"] = "100000" });
        _court = await _system.RegisterCourtAsync("pc1");
    }

    public async Task DisposeAsync() => await _system.DisposeAsync();

    [Fact]
    public async Task Query_ListedPublicDebtors_AreFoundByNameNarrowedByIdWithMaskedNumbersOnly()
    {
        var id = TestIds.ResidentId();
        var unit = TestIds.Uscc();
        await ListAsync("(2026)宁01执1号", Named("resident_id", id, "张三丰"));
        await ListAsync("(2026)宁01执2号", Named("uscc", unit, "宁夏某某有限公司"));

        var (byId, text) = await QueryAsync($"idNumber={id.ToLowerInvariant()}&name=" + Uri.EscapeDataString("张三丰"));
        var item = Assert.Single(byId);
        Assert.Equal(id[..10] + "****" + id[^4..], item.GetProperty("idNumberMasked").GetString());
        Assert.Equal("张三丰", item.GetProperty("name").GetString());
        Assert.Equal("(2026)宁01执1号", item.GetProperty("caseNumber").GetString());
        Assert.Equal("pc1", item.GetProperty("court").GetString());
        Assert.Equal("2026-01-05", item.GetProperty("listedOn").GetString());
        Assert.Equal("exact", item.GetProperty("match").GetString());
        Assert.DoesNotContain(id, text, StringComparison.Ordinal);

        // Full-width characters and surrounding spaces are folded like the stored name.
        var (byName, nameText) = await QueryAsync("name=" + Uri.EscapeDataString("\u3000张三丰 "));
        Assert.Equal("exact", Assert.Single(byName).GetProperty("match").GetString());
        Assert.DoesNotContain(id, nameText, StringComparison.Ordinal);

        var (similar, _) = await QueryAsync("name=" + Uri.EscapeDataString("张三"));
        Assert.Equal("similar", Assert.Single(similar).GetProperty("match").GetString());

        // The number narrows: another person's number with this name finds nothing.
        Assert.Empty((await QueryAsync($"idNumber={TestIds.ResidentId()}&name=" + Uri.EscapeDataString("张三丰"))).Items);

        // Unit codes are shown in full, as the national list does.
        var (units, _) = await QueryAsync($"idNumber={unit}&name=" + Uri.EscapeDataString("宁夏某某有限公司"));
        Assert.Equal(unit, Assert.Single(units).GetProperty("idNumberMasked").GetString());
    }

    [Fact]
    public async Task NameQuery_PagesThroughExactMatchesInOrder_ThenSimilarNames()
    {
        // Three 李四 (exact) and one 李四光 (similar): with two a page, page 1 is all exact (answered from the name index
        // alone), page 2 holds the last exact match and then the similar name.
        await ListAsync("(2026)宁01执13号", Named("resident_id", TestIds.ResidentId(), "李四"));
        await ListAsync("(2026)宁01执11号", Named("resident_id", TestIds.ResidentId(), "李四"));
        await ListAsync("(2026)宁01执14号", Named("resident_id", TestIds.ResidentId(), "李四光"));
        await ListAsync("(2026)宁01执12号", Named("resident_id", TestIds.ResidentId(), "李四"));
        var name = Uri.EscapeDataString("李四");

        var first = await _system.JsonAsync(HttpMethod.Get, $"/v1/public/debtors?name={name}&pageSize=2", null);
        Assert.Equal(["(2026)宁01执11号:exact", "(2026)宁01执12号:exact"], Entries(first));
        Assert.True(first.GetProperty("hasMore").GetBoolean());

        var second = await _system.JsonAsync(HttpMethod.Get, $"/v1/public/debtors?name={name}&pageSize=2&page=2", null);
        Assert.Equal(["(2026)宁01执13号:exact", "(2026)宁01执14号:similar"], Entries(second));
        Assert.False(second.GetProperty("hasMore").GetBoolean());

        static string[] Entries(JsonElement page) =>
            [.. page.GetProperty("items").EnumerateArray().Select(i => $"{i.GetProperty("caseNumber").GetString()}:{i.GetProperty("match").GetString()}")];
    }

    [Fact]
    public async Task NameQuery_SimilarNames_ComeClosestFirst_AndNamesWhoseListingsEndedShowNothing()
    {
        // Against 李四光, 李四光明 shares three trigrams (similarity 0.5) and 李四 two (0.4): the closer name comes first
        // although listed earlier. 李四光辉 (0.5) was shielded: its name stays among the published names the similar
        // search scans, and must bring up nothing.
        await ListAsync("(2026)宁01执21号", Named("resident_id", TestIds.ResidentId(), "李四"), listedOn: "2026-01-07");
        await ListAsync("(2026)宁01执22号", Named("resident_id", TestIds.ResidentId(), "李四光明"));
        var shielded = Named("resident_id", TestIds.ResidentId(), "李四光辉");
        await ListAsync("(2026)宁01执23号", shielded);
        await EventAsync("shielded", "(2026)宁01执23号", shielded);

        var (items, _) = await QueryAsync("name=" + Uri.EscapeDataString("李四光"));

        Assert.Equal(
            ["李四光明 (2026)宁01执22号 similar", "李四 (2026)宁01执21号 similar"],
            items.Select(i => $"{i.GetProperty("name").GetString()} {i.GetProperty("caseNumber").GetString()} {i.GetProperty("match").GetString()}"));
    }

    [Fact]
    public async Task NonPublicListing_IsFoundByNoPublicRoute()
    {
        var id = TestIds.ResidentId();
        var subject = Named("resident_id", id, "李不公");
        await ListAsync("(2026)宁01执3号", subject, isPublic: false);

        Assert.Empty((await QueryAsync($"idNumber={id}&name=" + Uri.EscapeDataString("李不公"))).Items);
        Assert.Empty((await QueryAsync("name=" + Uri.EscapeDataString("李不公"))).Items);

        await EventAsync("shielded", "(2026)宁01执3号", subject);
        Assert.DoesNotContain(await ReadFeedAsync(), e => e.GetProperty("caseNumber").GetString() == "(2026)宁01执3号");
    }

    [Fact]
    public async Task Shielding_RemovesTheEntryAndPublishesOneDelisting_RevocationsAreRevoked()
    {
        var id = TestIds.ResidentId();
        var subject = Named("resident_id", id, "王屏蔽");
        await ListAsync("(2026)宁01执4号", subject);
        // A verification suspends enforcement (四(二)4) but does not withdraw the listing from the public list.
        await EventAsync("verification_started", "(2026)宁01执4号", subject);
        Assert.Single((await QueryAsync($"idNumber={id}&name=" + Uri.EscapeDataString("王屏蔽"))).Items);

        await EventAsync("shielded", "(2026)宁01执4号", subject);
        await EventAsync("shielded", "(2026)宁01执4号", subject, eventId: "again"); // rejected: not listed any more
        Assert.Empty((await QueryAsync($"idNumber={id}&name=" + Uri.EscapeDataString("王屏蔽"))).Items);

        var other = Named("resident_id", TestIds.ResidentId(), "赵纠正");
        await ListAsync("(2026)宁01执5号", other);
        await EventAsync("correction_requested", "(2026)宁01执5号", other, on: "2026-01-06");
        await EventAsync("correction_upheld", "(2026)宁01执5号", other, on: "2026-01-07");

        var feed = await ReadFeedAsync();
        var shielded = Assert.Single(feed, e => e.GetProperty("caseNumber").GetString() == "(2026)宁01执4号");
        Assert.Equal("shielded", shielded.GetProperty("kind").GetString());
        Assert.Equal("王屏蔽", shielded.GetProperty("name").GetString());
        Assert.Equal(id[..10] + "****" + id[^4..], shielded.GetProperty("idNumberMasked").GetString());
        Assert.EndsWith("Z", shielded.GetProperty("at").GetString(), StringComparison.Ordinal);
        Assert.Equal("revoked", Assert.Single(feed, e => e.GetProperty("caseNumber").GetString() == "(2026)宁01执5号").GetProperty("kind").GetString());
    }

    [Fact]
    public async Task Feed_AcrossRestartAndReprojection_DeliversEveryDelistingExactlyOnce()
    {
        var subjects = Enumerable.Range(0, 6).Select(i => Named("resident_id", TestIds.ResidentId(), $"重启{i}")).ToArray();
        for (var i = 0; i < subjects.Length; i++)
        {
            await ListAsync($"(2026)宁01执1{i}号", subjects[i]);
        }

        for (var i = 0; i < 3; i++)
        {
            await EventAsync("shielded", $"(2026)宁01执1{i}号", subjects[i]);
        }

        var (first, cursor) = await ReadFeedPageAsync("0", 1000);
        Assert.Equal(3, first.Count);

        // Every subject projects again when it is activated after the restart; forgetting the projected revisions
        // makes each of those projections a full re-run.
        await _system.RestartSilosAsync();
        await using (var connection = new Npgsql.NpgsqlConnection(_system.ConnectionString))
        {
            await connection.OpenAsync();
            await using var forget = new Npgsql.NpgsqlCommand("UPDATE jp_public_subject SET revision = 0", connection);
            await forget.ExecuteNonQueryAsync();
        }

        foreach (var subject in subjects)
        {
            await _system.JsonAsync(HttpMethod.Get, $"/v1/court/subjects/resident_id/{subject.idNumber}", _court);
        }

        for (var i = 3; i < subjects.Length; i++)
        {
            await EventAsync("revoked", $"(2026)宁01执1{i}号", subjects[i]);
        }

        var (rest, next) = await ReadFeedPageAsync(cursor, 1000);
        Assert.Equal(["(2026)宁01执13号", "(2026)宁01执14号", "(2026)宁01执15号"], rest.Select(e => e.GetProperty("caseNumber").GetString()));
        var (none, end) = await ReadFeedPageAsync(next, 1000);
        Assert.Empty(none);
        Assert.Equal(next, end);
        Assert.Equal(6, (await ReadFeedAsync()).Count);
    }

    [Fact]
    public async Task Feed_PagesWithTheCursorInOrder()
    {
        var subjects = Enumerable.Range(0, 5).Select(i => Named("resident_id", TestIds.ResidentId(), $"翻页{i}")).ToArray();
        for (var i = 0; i < subjects.Length; i++)
        {
            await ListAsync($"(2026)宁01执2{i}号", subjects[i]);
            await EventAsync("shielded", $"(2026)宁01执2{i}号", subjects[i]);
        }

        var seen = new List<string>();
        var cursor = "0";
        for (var page = 0; page < 3; page++)
        {
            var (items, next) = await ReadFeedPageAsync(cursor, 2);
            seen.AddRange(items.Select(e => e.GetProperty("caseNumber").GetString()!));
            cursor = next;
        }

        Assert.Equal(Enumerable.Range(0, 5).Select(i => $"(2026)宁01执2{i}号"), seen);
    }

    [Fact]
    public async Task PublicQueries_BeyondTheClientLimit_Are429Problems()
    {
        using var limited = await _system.ServingClientAsync(_system.CreateGateway(new Dictionary<string, string?>
        {
            ["PublicQuery:PermitLimit"] = "3",
            ["PublicQuery:Window"] = "01:00:00",
        }));

        for (var i = 0; i < 3; i++)
        {
            using var allowed = await limited.GetAsync("/v1/public/delistings");
            Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        }

        using var refused = await limited.GetAsync("/v1/public/debtors?name=abc");
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        Assert.True(refused.Headers.RetryAfter is not null);
        Assert.Equal(429, JsonDocument.Parse(await refused.Content.ReadAsStringAsync()).RootElement.GetProperty("status").GetInt32());
    }

    [Fact]
    public async Task Queries_BeyondTheGatewaysQueryQueue_Are503ProblemsWithRetryAfter()
    {
        // One query in PostgreSQL at a time and none waiting: of many at once, some must be refused, none wrongly.
        await using var busy = await RunningSystem.StartAsync(postgres, gatewaySettings: new Dictionary<string, string?>
        {
            ["PublicQuery:PermitLimit"] = "100000", ["PublicList:MaxConcurrentQueries"] = "1", ["PublicList:MaxQueuedQueries"] = "0",
        });
        var statuses = new List<HttpStatusCode>();
        for (var round = 0; round < 5 && !statuses.Contains(HttpStatusCode.ServiceUnavailable); round++)
        {
            var responses = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ =>
                busy.SendAsync(HttpMethod.Get, "/v1/public/debtors?name=" + Uri.EscapeDataString("张三"), null)));
            foreach (var response in responses)
            {
                using (response)
                {
                    statuses.Add(response.StatusCode);
                    var text = await response.Content.ReadAsStringAsync();
                    if (response.StatusCode == HttpStatusCode.ServiceUnavailable)
                    {
                        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
                        Assert.Equal("1", response.Headers.GetValues("Retry-After").Single());
                        Assert.Equal(503, JsonDocument.Parse(text).RootElement.GetProperty("status").GetInt32());
                    }
                    else
                    {
                        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
                    }
                }
            }
        }

        Assert.Contains(HttpStatusCode.ServiceUnavailable, statuses);
        Assert.Contains(HttpStatusCode.OK, statuses);
    }

    private static Subject Named(string idType, string idNumber, string name) => new(idType, idNumber, name);

    private Task ListAsync(string caseNumber, Subject subject, bool isPublic = true, string listedOn = "2026-01-05") =>
        SendEventAsync(new { eventId = $"e{Interlocked.Increment(ref _event)}", type = "listed", caseNumber, subject, listedOn, on = listedOn, @public = isPublic }, expect: "applied");

    private Task EventAsync(string type, string caseNumber, Subject subject, string? eventId = null, string? on = null) =>
        SendEventAsync(new { eventId = eventId ?? $"e{Interlocked.Increment(ref _event)}", type, caseNumber, subject, on }, expect: eventId is null ? "applied" : null);

    private async Task SendEventAsync(object e, string? expect)
    {
        var body = await _system.JsonAsync(HttpMethod.Post, "/v1/court/events", _court, new { events = new[] { e } });
        var result = body.GetProperty("results")[0];
        if (expect is not null)
        {
            Assert.True(result.GetProperty("status").GetString() == expect, result.ToString());
        }
    }

    private async Task<(List<JsonElement> Items, string Text)> QueryAsync(string query)
    {
        using var response = await _system.SendAsync(HttpMethod.Get, $"/v1/public/debtors?{query}", null);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        return ([.. JsonDocument.Parse(text).RootElement.GetProperty("items").EnumerateArray()], text);
    }

    private async Task<(List<JsonElement> Items, string Next)> ReadFeedPageAsync(string after, int limit)
    {
        var page = await _system.JsonAsync(HttpMethod.Get, $"/v1/public/delistings?after={after}&limit={limit}", null);
        return ([.. page.GetProperty("items").EnumerateArray()], page.GetProperty("next").GetString()!);
    }

    private async Task<List<JsonElement>> ReadFeedAsync() => (await ReadFeedPageAsync("0", 1000)).Items;

    private sealed record Subject(string idType, string idNumber, string name);
}
