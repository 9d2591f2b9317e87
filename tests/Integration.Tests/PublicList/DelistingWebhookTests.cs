using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using JointPunishment.Gateway.Republishers;
using JointPunishment.Integration.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace JointPunishment.Integration.Tests.PublicList;

/// <summary>Signed webhook deliveries of the delisting feed to a republisher that fails first, then acknowledges.</summary>
[Collection(PostgresCollection.Name)]
public sealed class DelistingWebhookTests(PostgresServer postgres) : IAsyncLifetime
{
    private readonly Channel<(int Status, string Body, string Timestamp, string Signature)> _received = Channel.CreateUnbounded<(int, string, string, string)>();
    private RunningSystem _system = null!;
    private WebApplication _republisher = null!;
    private int _requests;

    public async Task InitializeAsync()
    {
        (_system, _republisher) = await TestRepublisher.StartWithSystemAsync(postgres, ReceiveAsync, new Dictionary<string, string?> { ["Republishers:RetryDelay"] = "00:00:00.100" });
    }

    public async Task DisposeAsync()
    {
        await _republisher.DisposeAsync();
        await _system.DisposeAsync();
    }

    [Fact]
    public async Task Delistings_AreRetriedUntilAcknowledged_SignedAndNotSentAgainAfterwards()
    {
        var url = $"{_republisher.Urls.First()}/hook";
        var subscribed = await _system.JsonAsync(HttpMethod.Post, "/v1/republishers", RunningSystem.OperatorKey, new { code = "mirror", url }, 201);
        var secret = subscribed.GetProperty("secret").GetString()!;
        var court = await _system.RegisterCourtAsync("wc1");

        await ListAndShieldAsync(court, "(2026)宁01执81号", "w1");
        var first = await NextAcknowledgedAsync();
        Assert.True(_requests >= 2, "the first delivery was refused, so it must have been retried");
        Assert.Equal(WebhookSignature.Sign(secret, long.Parse(first.Timestamp), Encoding.UTF8.GetBytes(first.Body)), first.Signature);
        var items = JsonDocument.Parse(first.Body).RootElement.GetProperty("items");
        Assert.Equal("(2026)宁01执81号", Assert.Single(items.EnumerateArray()).GetProperty("caseNumber").GetString());

        await ListAndShieldAsync(court, "(2026)宁01执82号", "w2");
        var second = await NextAcknowledgedAsync();
        var next = JsonDocument.Parse(second.Body).RootElement.GetProperty("items");
        Assert.Equal("(2026)宁01执82号", Assert.Single(next.EnumerateArray()).GetProperty("caseNumber").GetString());
    }

    private async Task ListAndShieldAsync(string court, string caseNumber, string eventPrefix)
    {
        var subject = new { idType = "resident_id", idNumber = TestIds.ResidentId(), name = "推送" };
        await _system.JsonAsync(HttpMethod.Post, "/v1/court/events", court, new
        {
            events = new object[]
            {
                new { eventId = $"{eventPrefix}-l", type = "listed", caseNumber, subject, listedOn = "2026-01-05", @public = true },
            },
        });
        await _system.JsonAsync(HttpMethod.Post, "/v1/court/events", court, new
        {
            events = new object[] { new { eventId = $"{eventPrefix}-s", type = "shielded", caseNumber, subject } },
        });
    }

    private async Task<(int Status, string Body, string Timestamp, string Signature)> NextAcknowledgedAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (true)
        {
            var delivery = await _received.Reader.ReadAsync(timeout.Token);
            if (delivery.Status == 200)
            {
                return delivery;
            }
        }
    }

    /// <summary>A republisher that refuses the first delivery (500) and acknowledges the rest.</summary>
    private async ValueTask<int> ReceiveAsync(HttpRequest request, string body)
    {
        var status = Interlocked.Increment(ref _requests) == 1 ? 500 : 200;
        await _received.Writer.WriteAsync((status, body, request.Headers[WebhookSignature.TimestampHeader].ToString(), request.Headers[WebhookSignature.SignatureHeader].ToString()));
        return status;
    }
}
