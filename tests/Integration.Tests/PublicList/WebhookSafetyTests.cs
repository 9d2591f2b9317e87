using System.Net;
using System.Text;
using System.Threading.Channels;
using JointPunishment.Gateway.Republishers;
using JointPunishment.Integration.Tests.Infrastructure;
using JointPunishment.Storage.Encryption;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace JointPunishment.Integration.Tests.PublicList;

/// <summary>Issue 24 item 8: webhooks go only where a deployment allows, follow no redirect, and keep their secrets encrypted.</summary>
[Collection(PostgresCollection.Name)]
public sealed class WebhookSafetyTests(PostgresServer postgres) : IAsyncLifetime
{
    private readonly Channel<(string Path, string Body, string Timestamp, string Signature)> _received = Channel.CreateUnbounded<(string, string, string, string)>();
    private RunningSystem _system = null!;
    private WebApplication _republisher = null!;

    public async Task InitializeAsync()
    {
        // Deployment defaults (https only, no internal addresses); this gateway delivers nothing during a test (it polls
        // once at start), so what is delivered is what each test's own gateway delivers under its settings.
        _system = await RunningSystem.StartAsync(postgres, gatewaySettings: new Dictionary<string, string?> { ["Republishers:PollInterval"] = "01:00:00" });
        _republisher = await StartRepublisherAsync();
    }

    public async Task DisposeAsync()
    {
        await _republisher.DisposeAsync();
        await _system.DisposeAsync();
    }

    [Fact]
    public async Task Delivery_ToAnAddressThatBecameInternal_IsRefusedWhenConnecting()
    {
        // As if the name had resolved to a public address at registration and to loopback now (DNS rebinding).
        await using var https = _system.CreateGateway(new Dictionary<string, string?>
        {
            ["Republishers:PollInterval"] = "00:00:00.100", ["Republishers:AllowHttp"] = "true",
        });
        _ = https.Services;
        await InsertRepublisherAsync("ws-rebound", $"{_republisher.Urls.First()}/hook");
        // A secret stored in clear (before secrets were encrypted) is refused as a failed delivery; it holds up no other.
        await InsertRepublisherAsync("ws-clear", $"{_republisher.Urls.First()}/hook", "legacy-clear-secret");
        await ListAndShieldAsync("ws-c1", "(2026)宁01执91号");

        var error = await ClusterHarness.EventuallyAsync(async () =>
        {
            var lastError = await LastErrorAsync("ws-rebound");
            Assert.NotNull(lastError);
            return lastError;
        }, TimeSpan.FromSeconds(30));

        Assert.Contains("loopback, private and link-local are refused", error, StringComparison.Ordinal);
        var clear = await ClusterHarness.EventuallyAsync(async () => Assert.IsType<string>(await LastErrorAsync("ws-clear")), TimeSpan.FromSeconds(30));
        Assert.Contains("is not encrypted and is refused", clear, StringComparison.Ordinal);
        Assert.False(_received.Reader.TryRead(out _));
    }

    [Fact]
    public async Task Delivery_ThatIsRedirected_IsNotFollowed_AndSecretsAreEncryptedRotatedAndRemoved()
    {
        await using var allowing = _system.CreateGateway(new Dictionary<string, string?>
        {
            ["Republishers:PollInterval"] = "00:00:00.100", ["Republishers:RetryDelay"] = "00:00:00.100",
            ["Republishers:AllowHttp"] = "true", ["Republishers:AllowPrivateAddresses"] = "true",
        });
        var http = allowing.CreateClient();
        // Rotated before anything is delisted, so every delivery to it is signed with the new secret.
        await SubscribeAsync(http, "ws-rotated", "/hook");
        using var rotated = await Send(http, HttpMethod.Post, "/v1/republishers/ws-rotated/secret");
        var secret = System.Text.Json.JsonDocument.Parse(await rotated.Content.ReadAsStringAsync()).RootElement.GetProperty("secret").GetString()!;
        var first = await SubscribeAsync(http, "ws-redirected", "/redirect");
        Assert.Equal(0, await _system.CountRowsContainingAsync("jp_republisher", first));

        await ListAndShieldAsync("ws-c2", "(2026)宁01执92号");
        var error = await ClusterHarness.EventuallyAsync(async () => Assert.IsType<string>(await LastErrorAsync("ws-redirected")), TimeSpan.FromSeconds(30));
        Assert.Equal("HTTP 307", error);

        using var rotate = await Send(http, HttpMethod.Post, "/v1/republishers/ws-redirected/secret");
        Assert.Equal(HttpStatusCode.OK, rotate.StatusCode);
        Assert.DoesNotContain(first, await rotate.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        using var removed = await Send(http, HttpMethod.Delete, "/v1/republishers/ws-redirected");
        Assert.Equal(HttpStatusCode.NoContent, removed.StatusCode);
        using var again = await Send(http, HttpMethod.Delete, "/v1/republishers/ws-redirected");
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
        Assert.Equal(0, await _system.CountRowsContainingAsync("jp_republisher", "ws-redirected"));

        // The redirect was not followed: /hook got only the deliveries to ws-rotated, signed with its rotated secret.
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var delivery = await _received.Reader.ReadAsync(timeout.Token);
        Assert.Equal(WebhookSignature.Sign(secret, long.Parse(delivery.Timestamp, System.Globalization.CultureInfo.InvariantCulture), Encoding.UTF8.GetBytes(delivery.Body)), delivery.Signature);
        var items = System.Text.Json.JsonDocument.Parse(delivery.Body).RootElement.GetProperty("items");
        Assert.Equal("(2026)宁01执92号", Assert.Single(items.EnumerateArray()).GetProperty("caseNumber").GetString());
        Assert.False(_received.Reader.TryRead(out _));
    }

    private async Task<string> SubscribeAsync(HttpClient http, string code, string path)
    {
        using var response = await Send(http, HttpMethod.Post, "/v1/republishers", new { code, url = $"{_republisher.Urls.First()}{path}" });
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, text);
        return System.Text.Json.JsonDocument.Parse(text).RootElement.GetProperty("secret").GetString()!;
    }

    private static Task<HttpResponseMessage> Send(HttpClient http, HttpMethod method, string path, object? body = null)
    {
        var request = new HttpRequestMessage(method, path) { Content = body is null ? null : System.Net.Http.Json.JsonContent.Create(body) };
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", RunningSystem.OperatorKey);
        return http.SendAsync(request);
    }

    private async Task InsertRepublisherAsync(string code, string url, string? storedSecret = null)
    {
        await using var connection = new NpgsqlConnection(_system.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("INSERT INTO jp_republisher (code, url, secret, next_attempt_at, created_at) VALUES ($1, $2, $3, now(), now())", connection);
        command.Parameters.Add(new NpgsqlParameter { Value = code });
        command.Parameters.Add(new NpgsqlParameter { Value = url });
        command.Parameters.Add(new NpgsqlParameter { Value = storedSecret ?? new SecretProtector(new StorageKeyRing(ClusterHarness.StorageKey), SecretProtector.WebhookPurpose).Protect("whsec-test", code) });
        await command.ExecuteNonQueryAsync();
    }

    private async Task<string?> LastErrorAsync(string code)
    {
        await using var connection = new NpgsqlConnection(_system.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT last_error FROM jp_republisher WHERE code = $1", connection);
        command.Parameters.Add(new NpgsqlParameter { Value = code });
        return await command.ExecuteScalarAsync() as string;
    }

    private async Task ListAndShieldAsync(string courtCode, string caseNumber)
    {
        var court = await _system.RegisterCourtAsync(courtCode);
        var subject = new { idType = "resident_id", idNumber = TestIds.ResidentId(), name = "推送" };
        await _system.JsonAsync(HttpMethod.Post, "/v1/court/events", court, new
        {
            events = new object[] { new { eventId = $"{courtCode}-l", type = "listed", caseNumber, subject, listedOn = "2026-01-05", @public = true } },
        });
        await _system.JsonAsync(HttpMethod.Post, "/v1/court/events", court, new
        {
            events = new object[] { new { eventId = $"{courtCode}-s", type = "shielded", caseNumber, subject } },
        });
    }

    /// <summary>A republisher on loopback: /redirect answers 307 to /hook, /hook records what it gets.</summary>
    private async Task<WebApplication> StartRepublisherAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.WebHost.UseUrls($"http://127.0.0.1:{FreePorts.Next()}");
        var app = builder.Build();
        app.MapPost("/redirect", () => Results.Redirect("/hook", permanent: false, preserveMethod: true));
        app.MapPost("/hook", async (HttpRequest request) =>
        {
            using var reader = new StreamReader(request.Body, Encoding.UTF8);
            await _received.Writer.WriteAsync((request.Path.Value!, await reader.ReadToEndAsync(),
                request.Headers[WebhookSignature.TimestampHeader].ToString(), request.Headers[WebhookSignature.SignatureHeader].ToString()));
            return Results.Ok();
        });
        await app.StartAsync();
        return app;
    }
}
