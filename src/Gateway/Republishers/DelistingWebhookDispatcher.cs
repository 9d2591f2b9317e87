using System.Net.Http.Headers;
using System.Text.Json;
using JointPunishment.Gateway.PublicList;
using JointPunishment.Gateway.Webhooks;
using Microsoft.Extensions.Options;
using Npgsql;
using JointPunishment.Gateway.Telemetry;

namespace JointPunishment.Gateway.Republishers;

/// <summary>
/// Pushes the delisting feed to subscribed republishers (四(二)7: delete within 3 working days): signed POSTs of the
/// entries after each republisher's cursor, which advances only on a 2xx, so an entry is retried (with doubling delays)
/// until it is acknowledged. A republisher is locked while it is being served, so several gateways can run this.
/// Delivery is at least once (a republisher that acknowledged but whose acknowledgement was lost gets the page again):
/// entries carry their case number and kind, and deleting twice is harmless.
/// </summary>
public sealed partial class DelistingWebhookDispatcher(
    NpgsqlDataSource dataSource,
    RepublisherStore store,
    PublicListReader feed,
    IHttpClientFactory httpClients,
    IOptions<WebhookOptions> options,
    TimeProvider time,
    ILogger<DelistingWebhookDispatcher> logger) : BackgroundService
{
    public const string HttpClientName = "republishers";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        return WebhookDelivery.RunAsync(ct => DeliverOneAsync(settings, ct), settings.PollInterval, time, LogDispatchFailed, stoppingToken);
    }

    /// <summary>Serves one due republisher; false when none is due.</summary>
    private async Task<bool> DeliverOneAsync(WebhookOptions settings, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        if (await store.LockDueAsync(connection, transaction, now, cancellationToken) is not { } due)
        {
            return false;
        }

        var page = await feed.DelistingsAfterAsync(due.Cursor, settings.BatchSize, cancellationToken);
        if (page.Items.Count == 0)
        {
            await RepublisherStore.RecordAsync(connection, transaction, due.Code, due.Cursor, due.Attempts, now + settings.PollInterval, null, cancellationToken);
        }
        else if ((due.SecretError ?? await PostAsync(due, page, settings, cancellationToken)) is { } error)
        {
            var attempts = due.Attempts + 1;
            var delay = settings.DelayAfter(attempts);
            LogDeliveryFailed(due.Code, attempts, error);
            await RepublisherStore.RecordAsync(connection, transaction, due.Code, due.Cursor, attempts, now + delay, error, cancellationToken);
        }
        else
        {
            // Acknowledged: due again at once, to send the next page if there is one.
            await RepublisherStore.RecordAsync(connection, transaction, due.Code, long.Parse(page.Next, System.Globalization.CultureInfo.InvariantCulture), 0, now, null, cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    /// <summary>Null when the republisher acknowledged with a 2xx; otherwise why not.</summary>
    private async Task<string?> PostAsync(DueRepublisher due, Wire.DelistingsResponse page, WebhookOptions settings, CancellationToken cancellationToken)
    {
        if (due.Url.StartsWith("http:", StringComparison.OrdinalIgnoreCase) && !settings.AllowHttp)
        {
            // Subscribed before https was required: nothing is sent in clear; the operator subscribes an https URL.
            return "http URLs are not allowed (Republishers:AllowHttp)";
        }

        var body = JsonSerializer.SerializeToUtf8Bytes(page, Json);
        var timestamp = time.GetUtcNow().ToUnixTimeSeconds();
        using var request = new HttpRequestMessage(HttpMethod.Post, due.Url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Add(WebhookSignature.TimestampHeader, timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture));
        request.Headers.Add(WebhookSignature.SignatureHeader, WebhookSignature.Sign(due.Secret, timestamp, body));
        return await WebhookDelivery.SendAsync(httpClients.CreateClient(HttpClientName), request, settings.Timeout, cancellationToken);
    }

    [LoggerMessage(EventId = GatewayEventIds.WebhookDeliveryFailed, Level = LogLevel.Warning, Message = "Delisting feed delivery to republisher {Code} failed (attempt {Attempts}): {Error}; retried later")]
    private partial void LogDeliveryFailed(string code, int attempts, string error);

    [LoggerMessage(EventId = GatewayEventIds.WebhookDispatchFailed, Level = LogLevel.Warning, Message = "Delisting feed dispatch failed; retried later")]
    private partial void LogDispatchFailed(Exception exception);
}
