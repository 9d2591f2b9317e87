using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using JointPunishment.Gateway.Auth;
using JointPunishment.Integration.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace JointPunishment.Integration.Tests.EndToEnd;

/// <summary>Keys are rotated and revoked by the operator with immediate effect on every gateway, and every such action is audited.</summary>
[Collection(PostgresCollection.Name)]
public sealed class KeyManagementTests(PostgresServer postgres, SharedSystem shared) : IAsyncLifetime, IClassFixture<SharedSystem>
{
    private RunningSystem _system = null!;

    public async Task InitializeAsync() => _system = await shared.StartOnceAsync(postgres);

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task RevokeAndRotate_TakeEffectAtOnceOnAnotherGatewayThatCachedTheKey()
    {
        var (other, services) = await _system.StartAnotherGatewayAsync();
        await services.GetRequiredService<KeyEventsSubscription>().Subscribed.WaitAsync(TimeSpan.FromSeconds(30));
        var key = await _system.RegisterAgencyAsync("km-rail", "consumption.air");
        Assert.Equal(HttpStatusCode.OK, await CheckAsync(other, key));   // now cached by the other gateway

        await _system.JsonAsync(HttpMethod.Delete, "/v1/agencies/km-rail/keys", RunningSystem.OperatorKey, expectedStatus: 204);
        Assert.Equal(HttpStatusCode.Unauthorized, await CheckAsync(other, key));
        Assert.Equal(HttpStatusCode.Unauthorized, await CheckAsync(_system.Http, key));

        var rotated = (await _system.JsonAsync(HttpMethod.Post, "/v1/agencies/km-rail/keys", RunningSystem.OperatorKey)).GetProperty("apiKey").GetString()!;
        Assert.Equal(HttpStatusCode.OK, await CheckAsync(other, rotated));
        Assert.Equal(HttpStatusCode.Unauthorized, await CheckAsync(other, key));
    }

    [Fact]
    public async Task KeyChanges_AreNotHeldUp_ByAGatewayThatStopped()
    {
        // A gateway subscribed to key events, then gone: the registry must not wait a call timeout (30 s) on it.
        var gone = _system.CreateGateway(new Dictionary<string, string?>());
        gone.CreateClient();
        await gone.Services.GetRequiredService<KeyEventsSubscription>().Subscribed.WaitAsync(TimeSpan.FromSeconds(30));
        await gone.DisposeAsync();

        var watch = System.Diagnostics.Stopwatch.StartNew();
        var key = await _system.RegisterAgencyAsync("km-after-gone", "consumption.air");
        await _system.JsonAsync(HttpMethod.Post, "/v1/agencies/km-after-gone/keys", RunningSystem.OperatorKey);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(15), $"registering and rotating took {watch.Elapsed.TotalSeconds:F1} s");
        Assert.Equal(HttpStatusCode.Unauthorized, await CheckAsync(_system.Http, key));
    }

    [Fact]
    public async Task Rotate_OfAnUnknownCourt_Is404()
    {
        await _system.JsonAsync(HttpMethod.Post, "/v1/courts/km-nobody/keys", RunningSystem.OperatorKey, expectedStatus: 404);
    }

    [Fact]
    public async Task OperatorAndCourtActions_AreAudited_AndTheAuditCannotBeRewritten()
    {
        var court = await _system.RegisterCourtAsync("km-court");
        await _system.JsonAsync(HttpMethod.Post, "/v1/court/events", court, new
        {
            events = new[] { new { eventId = "km-1", type = "listed", caseNumber = "(2026)京01执5号", subject = new { idType = "resident_id", idNumber = TestIds.ResidentId(), name = "审计" }, listedOn = "2026-11-20", @public = true } },
        });
        await _system.JsonAsync(HttpMethod.Delete, "/v1/courts/km-court/keys", RunningSystem.OperatorKey, expectedStatus: 204);

        var audit = await _system.JsonAsync(HttpMethod.Get, "/v1/audit?limit=1000", RunningSystem.OperatorKey);
        var bad = await _system.JsonAsync(HttpMethod.Get, "/v1/audit?limit=abc&after=-1", RunningSystem.OperatorKey, expectedStatus: 400);
        Assert.True(bad.GetProperty("errors").TryGetProperty("limit", out _));
        Assert.True(bad.GetProperty("errors").TryGetProperty("after", out _));
        var actions = audit.GetProperty("items").EnumerateArray()
            .Where(e => e.GetProperty("target").GetString() == "court:km-court")
            .Select(e => (e.GetProperty("actorRole").GetString(), e.GetProperty("action").GetString()))
            .ToList();
        Assert.Equal([("operator", "court_registered"), ("court", "court_events"), ("operator", "key_revoked")], actions);

        await using var connection = new NpgsqlConnection(_system.ConnectionString);
        await connection.OpenAsync();
        await using var delete = new NpgsqlCommand("DELETE FROM jp_audit", connection);
        var refused = await Assert.ThrowsAsync<PostgresException>(() => delete.ExecuteNonQueryAsync());
        Assert.Contains("append-only", refused.MessageText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AgencyOverItsRateLimit_Gets429_WhileAnotherAgencyIsServed()
    {
        var (gateway, _) = await _system.StartAnotherGatewayAsync(new Dictionary<string, string> { ["RateLimits:Agency:RequestsPerSecond"] = "3" });
        var busy = await _system.RegisterAgencyAsync("km-busy", "consumption.air");
        var quiet = await _system.RegisterAgencyAsync("km-quiet", "consumption.air");

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 6; i++)
        {
            statuses.Add(await CheckAsync(gateway, busy));
        }

        Assert.Contains(HttpStatusCode.TooManyRequests, statuses);
        Assert.True(statuses.Count(s => s == HttpStatusCode.OK) >= 3, string.Join(", ", statuses));
        Assert.Equal(HttpStatusCode.OK, await CheckAsync(gateway, quiet));
    }

    [Fact]
    public async Task AgencyBatch_CostsATokenPerSubject_NotPerRequest()
    {
        var (gateway, _) = await _system.StartAnotherGatewayAsync(new Dictionary<string, string> { ["RateLimits:Agency:RequestsPerSecond"] = "5" });
        var key = await _system.RegisterAgencyAsync("km-batch", "consumption.air");

        Assert.Equal(HttpStatusCode.TooManyRequests, await BatchAsync(gateway, key, subjects: 8));
        Assert.Equal(HttpStatusCode.OK, await BatchAsync(gateway, key, subjects: 2));
    }

    private static async Task<HttpStatusCode> BatchAsync(HttpClient http, string key, int subjects)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/checks/batch")
        {
            Content = JsonContent.Create(new { measure = "consumption.air", subjects = Enumerable.Range(0, subjects).Select(_ => new { idType = "passport", idNumber = "E12345678" }) }),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        using var response = await http.SendAsync(request);
        return response.StatusCode;
    }

    private static async Task<HttpStatusCode> CheckAsync(HttpClient http, string key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/checks")
        {
            Content = JsonContent.Create(new { measure = "consumption.air", subject = new { idType = "passport", idNumber = "E12345678" } }),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        using var response = await http.SendAsync(request);
        return response.StatusCode;
    }
}
