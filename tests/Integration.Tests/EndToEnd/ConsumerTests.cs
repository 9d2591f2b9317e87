using System.Net;
using JointPunishment.Gateway.Auth;
using JointPunishment.Integration.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace JointPunishment.Integration.Tests.EndToEnd;

/// <summary>Feed consumers (the public credit information system, downstream nodes): registered by the operator, keyed like agencies and courts, and nothing more.</summary>
[Collection(PostgresCollection.Name)]
public sealed class ConsumerTests(PostgresServer postgres, SharedSystem shared) : IAsyncLifetime, IClassFixture<SharedSystem>
{
    private RunningSystem _system = null!;

    public async Task InitializeAsync() => _system = await shared.StartOnceAsync(postgres);

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task RegisterConsumer_ReturnsAKeyOnce_AnExistingCodeIs409_OnlyTheOperatorRegisters()
    {
        var created = await _system.JsonAsync(HttpMethod.Post, "/v1/consumers", RunningSystem.OperatorKey,
            new { code = "cc-credit", name = "信用中国", role = "credit_platform" }, 201);
        Assert.Equal("cc-credit", created.GetProperty("code").GetString());
        Assert.StartsWith("jpf.cc-credit.", created.GetProperty("apiKey").GetString(), StringComparison.Ordinal);

        await _system.JsonAsync(HttpMethod.Post, "/v1/consumers", RunningSystem.OperatorKey, new { code = "cc-credit", name = "again", role = "node" }, 409);
        var agency = await _system.RegisterAgencyAsync("cc-bank", "credit.bank_credit");
        await _system.JsonAsync(HttpMethod.Post, "/v1/consumers", agency, new { code = "cc-other", name = "x", role = "node" }, 403);
        await _system.JsonAsync(HttpMethod.Post, "/v1/consumers", null, new { code = "cc-other", name = "x", role = "node" }, 401);
        // An agency and a consumer may share a code: they are different principals.
        await _system.JsonAsync(HttpMethod.Post, "/v1/consumers", RunningSystem.OperatorKey, new { code = "cc-bank", name = "节点", role = "node" }, 201);
    }

    [Theory]
    [InlineData("""{ "code": "cc-x", "name": "x", "role": "public" }""", "role")]
    [InlineData("""{ "code": "cc-x", "name": "x" }""", "role")]
    [InlineData("""{ "code": "bad code!", "name": "x", "role": "node" }""", "code")]
    [InlineData("""{ "code": "cc-x", "role": "node" }""", "name")]
    [InlineData("""{ "code": "cc-x", "name": "x", "role": "node", "measures": [] }""", "measures")]
    public async Task RegisterConsumer_BadField_Is400NamingIt_AndRegistersNothing(string body, string field)
    {
        var problem = await _system.JsonAsync(HttpMethod.Post, "/v1/consumers", RunningSystem.OperatorKey, body, 400);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
        await _system.JsonAsync(HttpMethod.Post, "/v1/consumers/cc-x/keys", RunningSystem.OperatorKey, expectedStatus: 404);
    }

    [Fact]
    public async Task ConsumerKey_WorksAsNoAgencyCourtOrOperator()
    {
        var key = await _system.RegisterConsumerAsync("cc-only");
        var secret = key[(key.LastIndexOf('.') + 1)..];
        var subject = new { idType = "resident_id", idNumber = TestIds.ResidentId() };

        Assert.Equal(HttpStatusCode.Forbidden, await StatusAsync(HttpMethod.Post, "/v1/checks", key, new { measure = "consumption.air", subject }));
        Assert.Equal(HttpStatusCode.Forbidden, await StatusAsync(HttpMethod.Post, "/v1/court/events", key, new { events = Array.Empty<object>() }));
        Assert.Equal(HttpStatusCode.Forbidden, await StatusAsync(HttpMethod.Post, "/v1/credit-repair", key, new { subject, decision = "granted" }));
        Assert.Equal(HttpStatusCode.Forbidden, await StatusAsync(HttpMethod.Get, "/v1/stats", key));
        Assert.Equal(HttpStatusCode.Forbidden, await StatusAsync(HttpMethod.Get, $"/v1/court/subjects/resident_id/{subject.idNumber}", key));
        // Its secret under another kind's prefix authenticates as nothing.
        await _system.RegisterAgencyAsync("cc-only", "consumption.air");
        await _system.RegisterCourtAsync("cc-only");
        Assert.Equal(HttpStatusCode.Unauthorized, await StatusAsync(HttpMethod.Post, "/v1/checks", $"jpa.cc-only.{secret}", new { measure = "consumption.air", subject }));
        Assert.Equal(HttpStatusCode.Unauthorized, await StatusAsync(HttpMethod.Post, "/v1/court/events", $"jpc.cc-only.{secret}", new { events = Array.Empty<object>() }));
    }

    [Fact]
    public async Task ConsumerKey_RevokedAndRotated_LikeAnAgencysKey()
    {
        // Revocation reaches the gateway's key cache through its subscription to key events.
        await _system.GatewayServices.GetRequiredService<KeyEventsSubscription>().Subscribed.WaitAsync(TimeSpan.FromSeconds(30));
        var key = await _system.RegisterConsumerAsync("cc-rotating");
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(HttpMethod.Get, "/v1/credit-repairs", key));

        await _system.JsonAsync(HttpMethod.Delete, "/v1/consumers/cc-rotating/keys", RunningSystem.OperatorKey, expectedStatus: 204);
        Assert.Equal(HttpStatusCode.Unauthorized, await StatusAsync(HttpMethod.Get, "/v1/credit-repairs", key));

        var rotated = (await _system.JsonAsync(HttpMethod.Post, "/v1/consumers/cc-rotating/keys", RunningSystem.OperatorKey)).GetProperty("apiKey").GetString()!;
        Assert.StartsWith("jpf.cc-rotating.", rotated, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(HttpMethod.Get, "/v1/credit-repairs", rotated));
        Assert.Equal(HttpStatusCode.Unauthorized, await StatusAsync(HttpMethod.Get, "/v1/credit-repairs", key));
        await _system.JsonAsync(HttpMethod.Post, "/v1/consumers/cc-nobody/keys", RunningSystem.OperatorKey, expectedStatus: 404);
    }

    private async Task<HttpStatusCode> StatusAsync(HttpMethod method, string path, string? key, object? body = null)
    {
        using var response = await _system.SendAsync(method, path, key, body);
        return response.StatusCode;
    }
}
