using System.Net;
using JointPunishment.Integration.Tests.Infrastructure;

namespace JointPunishment.Integration.Tests.Operations;

/// <summary>The operator rotates an agency's or a court's API key (runbook: rotate keys).</summary>
[Collection(PostgresCollection.Name)]
public sealed class KeyRotationTests(PostgresServer postgres) : IAsyncLifetime
{
    private RunningSystem _system = null!;

    public async Task InitializeAsync() => _system = await RunningSystem.StartAsync(postgres);

    public async Task DisposeAsync() => await _system.DisposeAsync();

    [Fact]
    public async Task RotatedKey_Works_AndTheOldKeyStopsWithinTheCacheTime()
    {
        var old = await _system.RegisterAgencyAsync("rotating-hotel", "consumption.hotel");
        var check = new { measure = "consumption.hotel", subject = new { idType = "resident_id", idNumber = TestIds.ResidentId() } };
        await _system.JsonAsync(HttpMethod.Post, "/v1/checks", old, check);

        var rotated = await _system.JsonAsync(HttpMethod.Post, "/v1/agencies/rotating-hotel/keys", RunningSystem.OperatorKey);
        var fresh = rotated.GetProperty("apiKey").GetString()!;

        Assert.NotEqual(old, fresh);
        await _system.JsonAsync(HttpMethod.Post, "/v1/checks", fresh, check);
        await ClusterHarness.EventuallyAsync(
            () => _system.JsonAsync(HttpMethod.Post, "/v1/checks", old, check, 401),
            TimeSpan.FromSeconds(15));
    }

    [Fact]
    public async Task Rotation_IsTheOperators_AndNeedsARegisteredCode()
    {
        var court = await _system.RegisterCourtAsync("rotating-court");

        await _system.JsonAsync(HttpMethod.Post, "/v1/courts/rotating-court/keys", court, expectedStatus: 403);
        await _system.JsonAsync(HttpMethod.Post, "/v1/courts/no-such-court/keys", RunningSystem.OperatorKey, expectedStatus: 404);
        await _system.JsonAsync(HttpMethod.Post, "/v1/agencies/rotating-court/keys", RunningSystem.OperatorKey, expectedStatus: 404);
        var fresh = (await _system.JsonAsync(HttpMethod.Post, "/v1/courts/rotating-court/keys", RunningSystem.OperatorKey)).GetProperty("apiKey").GetString()!;
        using var response = await _system.SendAsync(HttpMethod.Post, "/v1/court/events", fresh, new { events = Array.Empty<object>() });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
