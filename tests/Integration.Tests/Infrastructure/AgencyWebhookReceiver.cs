using System.Security.Cryptography;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using StandardWebhooks;

namespace JointPunishment.Integration.Tests.Infrastructure;

/// <summary>
/// An agency's webhook receiver on a free loopback port: checks every delivery's Standard Webhooks signature with the
/// library's verifier, answers 500 to the first <c>failures</c> deliveries and 200 after, each after <c>answerAfter</c>.
/// </summary>
public sealed class AgencyWebhookReceiver : IAsyncDisposable
{
    private readonly Channel<Delivery> _deliveries = Channel.CreateUnbounded<Delivery>();
    private readonly TimeSpan _answerAfter;
    private WebApplication _app = null!;
    private int _failuresLeft;

    private AgencyWebhookReceiver(int failures, TimeSpan answerAfter)
    {
        _failuresLeft = failures;
        _answerAfter = answerAfter;
    }

    /// <summary>The agency's signing secret, in the Standard Webhooks form.</summary>
    public string Secret { get; } = "whsec_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    public string Url => $"{_app.Urls.First()}/hook";

    public ChannelReader<Delivery> Deliveries => _deliveries.Reader;

    public static async Task<AgencyWebhookReceiver> StartAsync(int failures, TimeSpan answerAfter = default)
    {
        var receiver = new AgencyWebhookReceiver(failures, answerAfter);
        receiver._app = await TestRepublisher.StartAsync(receiver.ReceiveAsync);
        return receiver;
    }

    /// <summary>Reads deliveries until <paramref name="count"/> were acknowledged; every one must verify, and no failure may come after an acknowledgement.</summary>
    public async Task<(List<Delivery> Acknowledged, int Failed)> AcknowledgedAsync(int count, CancellationToken cancellationToken)
    {
        var acknowledged = new List<Delivery>();
        var failed = 0;
        while (acknowledged.Count < count)
        {
            var delivery = await _deliveries.Reader.ReadAsync(cancellationToken);
            Assert.True(delivery.Verified, delivery.Body);
            if (delivery.Status == 200)
            {
                acknowledged.Add(delivery);
            }
            else
            {
                Assert.Empty(acknowledged);
                failed++;
            }
        }

        return (acknowledged, failed);
    }

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    private async ValueTask<int> ReceiveAsync(HttpRequest request, string body)
    {
        bool verified;
        try
        {
            new StandardWebhook(Secret).Verify(body, request.Headers);
            verified = true;
        }
        catch (StandardWebhooks.Diagnostics.WebhookVerificationException)
        {
            verified = false;
        }

        var status = Interlocked.Decrement(ref _failuresLeft) >= 0 ? 500 : 200;
        await Task.Delay(_answerAfter);
        var payload = JsonDocument.Parse(body).RootElement.Clone();
        await _deliveries.Writer.WriteAsync(new Delivery(
            status, body, request.Headers["webhook-id"].ToString(), payload.GetProperty("type").GetString()!, payload.GetProperty("data"), verified));
        return status;
    }

    /// <summary>One POST the receiver got: its answer, body, <c>webhook-id</c>, message type and data, and whether its signature verified.</summary>
    public sealed record Delivery(int Status, string Body, string WebhookId, string Type, JsonElement Data, bool Verified);
}
