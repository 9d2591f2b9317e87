using System.Net;
using System.Text.Json;
using JointPunishment.Integration.Tests.Infrastructure;

namespace JointPunishment.Integration.Tests.Operator;

/// <summary>
/// The reads the operator console needs: the lists of what is registered (<c>GET /v1/agencies</c>, <c>/v1/courts</c>,
/// <c>/v1/consumers</c> and each by code) read from the directory in PostgreSQL, the complaint reads a triage needs (by
/// agency, one by id), and the audit trail newest first.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class PrincipalDirectoryTests(PostgresServer postgres, SharedSystem shared) : IAsyncLifetime, IClassFixture<SharedSystem>
{
    private RunningSystem _system = null!;

    public async Task InitializeAsync() => _system = await shared.StartOnceAsync(postgres);

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Registration_Location_Resolves_ForAgencyCourtAndConsumer_WithoutAnyKeyMaterial()
    {
        var (agency, agencyKey) = await RegisterAsync("/v1/agencies", new { code = "pd-rail", name = "铁路总公司", measures = new[] { "consumption.rail", "consumption.air" } });
        Assert.Equal("/v1/agencies/pd-rail", agency.OriginalString);
        var read = await GetAsync(agency, agencyKey);
        Assert.Equal("pd-rail", read.GetProperty("code").GetString());
        Assert.Equal("铁路总公司", read.GetProperty("name").GetString());
        Assert.Equal(["consumption.rail", "consumption.air"], read.GetProperty("measures").EnumerateArray().Select(m => m.GetString()));
        Assert.Equal("active", read.GetProperty("keyStatus").GetString());

        await RegisterAsync("/v1/courts", new { code = "pd-high", name = "高级法院" });
        var (court, courtKey) = await RegisterAsync("/v1/courts", new { code = "pd-low", name = "中级法院", higherCourt = "pd-high" });
        var readCourt = await GetAsync(court, courtKey);
        Assert.Equal("pd-high", readCourt.GetProperty("higherCourt").GetString());
        Assert.Equal("中级法院", readCourt.GetProperty("name").GetString());

        var (consumer, consumerKey) = await RegisterAsync("/v1/consumers", new { code = "pd-credit", name = "公共信用信息系统", role = "credit_platform" });
        var readConsumer = await GetAsync(consumer, consumerKey);
        Assert.Equal("credit_platform", readConsumer.GetProperty("role").GetString());

        // Revoked: still there, said so; a rotation makes it active again.
        await _system.JsonAsync(HttpMethod.Delete, "/v1/agencies/pd-rail/keys", RunningSystem.OperatorKey, expectedStatus: 204);
        Assert.Equal("revoked", (await GetAsync(agency, agencyKey)).GetProperty("keyStatus").GetString());
        var rotated = (await _system.JsonAsync(HttpMethod.Post, "/v1/agencies/pd-rail/keys", RunningSystem.OperatorKey)).GetProperty("apiKey").GetString()!;
        var again = await GetAsync(agency, rotated);
        Assert.Equal("active", again.GetProperty("keyStatus").GetString());
        Assert.True(again.TryGetProperty("keyChangedAt", out _));
    }

    [Fact]
    public async Task Lists_PageByCode_WithNext_AndShowRevokedOnes_WithoutKeys()
    {
        var keys = new List<string>();
        foreach (var code in new[] { "pl-c", "pl-a", "pl-b" })
        {
            keys.Add(await _system.RegisterAgencyAsync(code, "consumption.hotel"));
        }

        await _system.JsonAsync(HttpMethod.Delete, "/v1/agencies/pl-b/keys", RunningSystem.OperatorKey, expectedStatus: 204);

        // Codes sort after "pl-", and no other test of the class registers agencies there.
        var first = await _system.JsonAsync(HttpMethod.Get, "/v1/agencies?after=pl-&limit=2", RunningSystem.OperatorKey);
        Assert.Equal(["pl-a", "pl-b"], first.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("code").GetString()));
        Assert.Equal("revoked", first.GetProperty("items")[1].GetProperty("keyStatus").GetString());
        Assert.Equal("pl-b", first.GetProperty("next").GetString());
        var second = await _system.JsonAsync(HttpMethod.Get, "/v1/agencies?after=pl-b&limit=2", RunningSystem.OperatorKey);
        Assert.Equal("pl-c", second.GetProperty("items")[0].GetProperty("code").GetString());

        using var all = await _system.SendAsync(HttpMethod.Get, "/v1/agencies?limit=500", RunningSystem.OperatorKey);
        var text = await all.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, all.StatusCode);
        AssertNoKeyMaterial(text, keys);

        await _system.RegisterCourtAsync("pl-court");
        await _system.RegisterConsumerAsync("pl-node", "node");
        var courts = await _system.JsonAsync(HttpMethod.Get, "/v1/courts", RunningSystem.OperatorKey);
        Assert.Contains(courts.GetProperty("items").EnumerateArray(), c => c.GetProperty("code").GetString() == "pl-court");
        var consumers = await _system.JsonAsync(HttpMethod.Get, "/v1/consumers", RunningSystem.OperatorKey);
        var node = Assert.Single(consumers.GetProperty("items").EnumerateArray(), c => c.GetProperty("code").GetString() == "pl-node");
        Assert.Equal("node", node.GetProperty("role").GetString());
    }

    [Fact]
    public async Task OnlyTheOperator_Reads_UnknownIs404_AndBadPagingIs400NamingTheField()
    {
        var agencyKey = await _system.RegisterAgencyAsync("pd-agency", "consumption.rail");
        foreach (var path in new[] { "/v1/agencies", "/v1/agencies/pd-agency", "/v1/courts", "/v1/courts/x", "/v1/consumers", "/v1/consumers/x" })
        {
            using var asAgency = await _system.SendAsync(HttpMethod.Get, path, agencyKey);
            Assert.Equal(HttpStatusCode.Forbidden, asAgency.StatusCode);
            using var anonymous = await _system.SendAsync(HttpMethod.Get, path, null);
            Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        }

        await _system.JsonAsync(HttpMethod.Get, "/v1/agencies/pd-nobody", RunningSystem.OperatorKey, expectedStatus: 404);
        await _system.JsonAsync(HttpMethod.Get, "/v1/courts/pd-agency", RunningSystem.OperatorKey, expectedStatus: 404);
        await _system.JsonAsync(HttpMethod.Get, "/v1/consumers/pd-agency", RunningSystem.OperatorKey, expectedStatus: 404);

        foreach (var (query, field) in new[] { ("limit=0", "limit"), ("limit=501", "limit"), ("limit=x", "limit"), ("after=%2Fbad", "after") })
        {
            foreach (var collection in new[] { "agencies", "courts", "consumers" })
            {
                var problem = await _system.JsonAsync(HttpMethod.Get, $"/v1/{collection}?{query}", RunningSystem.OperatorKey, expectedStatus: 400);
                Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"{collection}?{query}: {problem}");
            }
        }
    }

    [Fact]
    public async Task Principals_RegisteredBeforeTheDirectoryExisted_AreReadableAfterTheSilosStart()
    {
        await _system.RegisterCourtAsync("pd-old-court");
        await _system.RegisterConsumerAsync("pd-old-node", "node");
        // As a database migrated from before jp_principal: the states are stored, their directory rows are not.
        await _system.ExecuteSqlAsync("DELETE FROM jp_principal WHERE code IN ('pd-old-court', 'pd-old-node')");
        await _system.JsonAsync(HttpMethod.Get, "/v1/courts/pd-old-court", RunningSystem.OperatorKey, expectedStatus: 404);

        await _system.RestartSilosAsync();

        Assert.Equal("法院 pd-old-court", (await _system.JsonAsync(HttpMethod.Get, "/v1/courts/pd-old-court", RunningSystem.OperatorKey)).GetProperty("name").GetString());
        Assert.Equal("node", (await _system.JsonAsync(HttpMethod.Get, "/v1/consumers/pd-old-node", RunningSystem.OperatorKey)).GetProperty("role").GetString());
    }

    [Fact]
    public async Task Complaints_TheOperatorTriagesByAgencyAndStatus_AndReadsOne_AnAgencyOnlyItsOwn()
    {
        var hotel = await _system.RegisterAgencyAsync("pt-hotel", "consumption.hotel");
        var golf = await _system.RegisterAgencyAsync("pt-golf", "consumption.air");
        var againstHotel = await FileAsync("pt-hotel", "仍入住星级酒店。");
        var againstGolf = await FileAsync("pt-golf", "仍在高尔夫球场消费。");
        await _system.JsonAsync(HttpMethod.Post, $"/v1/complaints/{againstGolf}/resolution", golf, new { finding = "unfounded", response = "经核实不属实。" });

        var hotels = await _system.JsonAsync(HttpMethod.Get, "/v1/complaints?agency=pt-hotel", RunningSystem.OperatorKey);
        Assert.Equal(againstHotel, Assert.Single(hotels.GetProperty("items").EnumerateArray()).GetProperty("id").GetString());
        var unfounded = await _system.JsonAsync(HttpMethod.Get, "/v1/complaints?agency=pt-golf&status=unfounded", RunningSystem.OperatorKey);
        Assert.Equal(againstGolf, Assert.Single(unfounded.GetProperty("items").EnumerateArray()).GetProperty("id").GetString());
        Assert.Empty((await _system.JsonAsync(HttpMethod.Get, "/v1/complaints?agency=pt-golf&status=open", RunningSystem.OperatorKey)).GetProperty("items").EnumerateArray());

        var one = await _system.JsonAsync(HttpMethod.Get, $"/v1/complaints/{againstGolf}", RunningSystem.OperatorKey);
        Assert.Equal("经核实不属实。", one.GetProperty("response").GetString());
        Assert.Equal("仍在高尔夫球场消费。", one.GetProperty("description").GetString());
        Assert.Equal("pt-hotel", (await _system.JsonAsync(HttpMethod.Get, $"/v1/complaints/{againstHotel}", hotel)).GetProperty("agencyCode").GetString());

        // Another agency's complaint is as missing; another agency's list is not the caller's to ask for.
        await _system.JsonAsync(HttpMethod.Get, $"/v1/complaints/{againstHotel}", golf, expectedStatus: 404);
        await _system.JsonAsync(HttpMethod.Get, $"/v1/complaints/{Guid.NewGuid()}", RunningSystem.OperatorKey, expectedStatus: 404);
        await _system.JsonAsync(HttpMethod.Get, "/v1/complaints?agency=pt-hotel", golf, expectedStatus: 403);
        var bad = await _system.JsonAsync(HttpMethod.Get, "/v1/complaints?agency=%2F&status=late", RunningSystem.OperatorKey, expectedStatus: 400);
        Assert.True(bad.GetProperty("errors").TryGetProperty("agency", out _));
        Assert.True(bad.GetProperty("errors").TryGetProperty("status", out _));
    }

    [Fact]
    public async Task Audit_ReadsNewestFirstBeforeAnEntry_PageByPage()
    {
        foreach (var code in new[] { "pa-1", "pa-2", "pa-3" })
        {
            await _system.RegisterAgencyAsync(code, "consumption.rail");
        }

        var latest = await _system.JsonAsync(HttpMethod.Get, $"/v1/audit?before={long.MaxValue}&limit=2", RunningSystem.OperatorKey);
        Assert.Equal(["agency:pa-3", "agency:pa-2"], latest.GetProperty("items").EnumerateArray().Select(e => e.GetProperty("target").GetString()));
        var next = latest.GetProperty("next").GetInt64();
        Assert.Equal(latest.GetProperty("items")[1].GetProperty("id").GetInt64(), next);
        var older = await _system.JsonAsync(HttpMethod.Get, $"/v1/audit?before={next}&limit=1", RunningSystem.OperatorKey);
        var entry = Assert.Single(older.GetProperty("items").EnumerateArray());
        Assert.Equal(("agency:pa-1", "agency_registered"), (entry.GetProperty("target").GetString(), entry.GetProperty("action").GetString()));

        // Oldest first after an entry, as before.
        var after = await _system.JsonAsync(HttpMethod.Get, $"/v1/audit?after={entry.GetProperty("id").GetInt64()}&limit=1", RunningSystem.OperatorKey);
        Assert.Equal("agency:pa-2", after.GetProperty("items")[0].GetProperty("target").GetString());

        foreach (var query in new[] { "before=x", "before=-1", "after=0&before=5" })
        {
            var problem = await _system.JsonAsync(HttpMethod.Get, $"/v1/audit?{query}", RunningSystem.OperatorKey, expectedStatus: 400);
            Assert.True(problem.GetProperty("errors").TryGetProperty("before", out _), $"{query}: {problem}");
        }
    }

    private async Task<string> FileAsync(string agencyCode, string description) =>
        (await _system.JsonAsync(HttpMethod.Post, "/v1/public/complaints", null, new { agencyCode, description }, 201)).GetProperty("id").GetString()!;

    /// <summary>Registers as the operator; the <c>Location</c> answered and the key.</summary>
    private async Task<(Uri Location, string Key)> RegisterAsync(string path, object body)
    {
        using var response = await _system.SendAsync(HttpMethod.Post, path, RunningSystem.OperatorKey, body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, text);
        return (response.Headers.Location!, JsonDocument.Parse(text).RootElement.GetProperty("apiKey").GetString()!);
    }

    /// <summary>Follows <paramref name="location"/> as the operator; the principal it reads, checked to hold nothing of <paramref name="key"/>.</summary>
    private async Task<JsonElement> GetAsync(Uri location, string key)
    {
        using var response = await _system.SendAsync(HttpMethod.Get, location.OriginalString, RunningSystem.OperatorKey);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {location}: {(int)response.StatusCode} {text}");
        AssertNoKeyMaterial(text, [key]);
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    /// <summary>No key, no secret part of one, nothing named like a key's hash or salt.</summary>
    private static void AssertNoKeyMaterial(string json, IEnumerable<string> keys)
    {
        foreach (var key in keys)
        {
            Assert.DoesNotContain(key, json, StringComparison.Ordinal);
            Assert.DoesNotContain(key[(key.LastIndexOf('.') + 1)..], json, StringComparison.Ordinal);
        }

        foreach (var name in new[] { "apiKey", "hash", "salt", "secret" })
        {
            Assert.DoesNotContain(name, json, StringComparison.OrdinalIgnoreCase);
        }
    }
}
