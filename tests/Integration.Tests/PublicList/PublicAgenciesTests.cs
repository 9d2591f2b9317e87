using System.Net;
using System.Text.Json;
using JointPunishment.Gateway.PublicList;
using JointPunishment.Integration.Tests.Infrastructure;
using JointPunishment.Storage.Directory;
using Microsoft.Extensions.Time.Testing;
using Npgsql;

namespace JointPunishment.Integration.Tests.PublicList;

/// <summary><c>GET /v1/public/agencies</c>: the agencies a complaint may name, read from the directory the agency grains keep in PostgreSQL.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PublicAgenciesTests(PostgresServer postgres, SharedSystem shared) : IAsyncLifetime, IClassFixture<SharedSystem>
{
    private RunningSystem _system = null!;

    public async Task InitializeAsync() => _system = await shared.StartOnceAsync(postgres);

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Agencies_ListsCodeAndNameOfRegisteredAgencies_NotRevokedOnes_NorAnyKeyOrMeasure()
    {
        var railKey = await _system.RegisterAgencyAsync("pa-rail", "consumption.rail");
        var revokedKey = await _system.RegisterAgencyAsync("pa-revoked", "consumption.air");
        await _system.JsonAsync(HttpMethod.Delete, "/v1/agencies/pa-revoked/keys", RunningSystem.OperatorKey, expectedStatus: 204);

        // The system's first gateway: no other test of this class asks it, so its short-lived copy is read now.
        var (items, text) = await ListAsync(_system.Http);
        var rail = Assert.Single(items, i => i.GetProperty("code").GetString() == "pa-rail");
        Assert.Equal("单位 pa-rail", rail.GetProperty("name").GetString());
        Assert.Equal(["code", "name"], rail.EnumerateObject().Select(p => p.Name).Order());
        Assert.DoesNotContain(items, i => i.GetProperty("code").GetString() == "pa-revoked");
        foreach (var secret in new[] { railKey, revokedKey }.Select(k => k.Split('.')[^1]))
        {
            Assert.DoesNotContain(secret, text, StringComparison.Ordinal);
        }

        Assert.DoesNotContain("consumption", text, StringComparison.Ordinal);
        Assert.DoesNotContain("measures", text, StringComparison.Ordinal);

        // A new key reinstates the agency, and so its place in the list (a gateway without a copy yet reads it at once).
        await _system.JsonAsync(HttpMethod.Post, "/v1/agencies/pa-revoked/keys", RunningSystem.OperatorKey);
        var (other, _) = await _system.StartAnotherGatewayAsync();
        Assert.Contains((await ListAsync(other)).Items, i => i.GetProperty("code").GetString() == "pa-revoked");
    }

    [Fact]
    public async Task Agencies_RegisteredBeforeTheDirectoryExisted_AreListedAfterTheSilosStart()
    {
        await _system.RegisterAgencyAsync("pa-old", "consumption.rail");
        // As a database migrated from before jp_agency and jp_principal: the agency's state is stored, its directory rows are not.
        await _system.ExecuteSqlAsync("DELETE FROM jp_agency WHERE code = 'pa-old'; DELETE FROM jp_principal WHERE kind = 'agency' AND code = 'pa-old'");
        var (before, _) = await _system.StartAnotherGatewayAsync();
        Assert.DoesNotContain((await ListAsync(before)).Items, i => i.GetProperty("code").GetString() == "pa-old");

        await _system.RestartSilosAsync();

        var (after, _) = await _system.StartAnotherGatewayAsync();
        var old = Assert.Single((await ListAsync(after)).Items, i => i.GetProperty("code").GetString() == "pa-old");
        Assert.Equal("单位 pa-old", old.GetProperty("name").GetString());
    }

    [Fact]
    public async Task Agencies_IsRateLimitedUnderThePublicPolicy()
    {
        var (limited, _) = await _system.StartAnotherGatewayAsync(new Dictionary<string, string> { ["PublicQuery:PermitLimit"] = "2" });
        await ListAsync(limited);
        await ListAsync(limited);
        using var refused = await limited.GetAsync("/v1/public/agencies");
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.NotNull(refused.Headers.RetryAfter);
    }

    [Fact]
    public async Task Agencies_AreReadFromTheDatabaseAtMostOncePerLifetime()
    {
        await _system.RegisterAgencyAsync("pa-cached", "consumption.rail");
        await using var dataSource = NpgsqlDataSource.Create(_system.AppConnectionString);
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var agencies = new PublicAgencies(new PostgresPrincipalDirectory(dataSource), time);
        Assert.Contains(await agencies.ListAsync(), a => a.Code == "pa-cached");

        // Registered after the copy was read: not in it until the copy expires.
        await _system.RegisterAgencyAsync("pa-later", "consumption.rail");
        time.Advance(PublicAgencies.Lifetime - TimeSpan.FromMilliseconds(1));
        Assert.DoesNotContain(await agencies.ListAsync(), a => a.Code == "pa-later");
        time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Contains(await agencies.ListAsync(), a => a.Code == "pa-later");
    }

    private static async Task<(IReadOnlyList<JsonElement> Items, string Text)> ListAsync(HttpClient http)
    {
        using var response = await http.GetAsync("/v1/public/agencies");
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET /v1/public/agencies: {(int)response.StatusCode} {text}");
        var root = JsonDocument.Parse(text).RootElement;
        Assert.Equal(["items"], root.EnumerateObject().Select(p => p.Name));
        return ([.. root.GetProperty("items").EnumerateArray().Select(i => i.Clone())], text);
    }
}
