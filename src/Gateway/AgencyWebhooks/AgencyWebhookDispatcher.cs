using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using JointPunishment.Gateway.Telemetry;
using JointPunishment.Gateway.Webhooks;
using Microsoft.Extensions.Options;
using Npgsql;
using StandardWebhooks;

namespace JointPunishment.Gateway.AgencyWebhooks;

/// <summary>
/// Delivers every <see cref="IAgencyMessageSource"/>'s messages to each agency's webhook, signed as Standard Webhooks
/// (<c>webhook-id</c>, <c>webhook-timestamp</c>, <c>webhook-signature</c>): one message per POST, in each source's order,
/// the next sent only after a 2xx for the previous. A failure is retried with doubling delays (section
/// <c>AgencyWebhooks</c>) and holds back only that agency's source. An agency is locked while it is served, so several
/// gateways can run this. Delivery is at least once (an acknowledgement lost on the way, or a gateway that stops
/// before recording it, sends the message again with the same <c>webhook-id</c>, which receivers deduplicate on).
/// </summary>
public sealed partial class AgencyWebhookDispatcher(
    NpgsqlDataSource dataSource,
    AgencyWebhookStore store,
    IEnumerable<IAgencyMessageSource> sources,
    IHttpClientFactory httpClients,
    IOptionsMonitor<WebhookOptions> options,
    TimeProvider time,
    ILogger<AgencyWebhookDispatcher> logger) : BackgroundService
{
    public const string HttpClientName = "agency-webhooks";

    /// <summary>The name of its <see cref="WebhookOptions"/> and their configuration section.</summary>
    public const string OptionsName = "AgencyWebhooks";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };

    private readonly Dictionary<string, IAgencyMessageSource> _sources = sources.ToDictionary(s => s.Name, StringComparer.Ordinal);

    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Get(OptionsName);
        var names = _sources.Keys.ToArray();
        return WebhookDelivery.RunAsync(
            async ct =>
            {
                // A source added since the webhook was set gets its cursor here.
                await store.AddMissingCursorsAsync(names, time.GetUtcNow(), ct);
                return await DeliverOneAsync(names, settings, ct);
            },
            settings.PollInterval, time, LogDispatchFailed, stoppingToken);
    }

    /// <summary>Serves one agency whose webhook has a source due; false when none has.</summary>
    private async Task<bool> DeliverOneAsync(string[] names, WebhookOptions settings, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        if (await store.LockDueAsync(connection, transaction, names, now, cancellationToken) is not { } due)
        {
            return false;
        }

        foreach (var cursor in await AgencyWebhookStore.DueCursorsAsync(connection, transaction, due.Agency, names, now, cancellationToken))
        {
            var messages = await _sources[cursor.Source].ReadAfterAsync(due.Agency, cursor.Cursor, settings.BatchSize, cancellationToken);
            var delivered = cursor with { Attempts = 0 };
            string? error = null;
            foreach (var message in messages)
            {
                if ((error = due.SecretError ?? await PostAsync(due, cursor.Source, message, settings, cancellationToken)) is not null)
                {
                    break;
                }

                delivered = delivered with { Cursor = message.Seq };
            }

            if (error is not null)
            {
                // The acknowledged ones stay acknowledged; the failed one is retried after a doubling delay.
                var failed = delivered with { Attempts = delivered.Cursor == cursor.Cursor ? cursor.Attempts + 1 : 1 };
                LogDeliveryFailed(due.Agency, cursor.Source, failed.Attempts, error);
                await AgencyWebhookStore.RecordAsync(connection, transaction, due.Agency, failed, now + settings.DelayAfter(failed.Attempts), error, cancellationToken);
            }
            else
            {
                // All acknowledged: due again at once when the page was full, else at the next poll.
                var next = messages.Count >= settings.BatchSize ? now : now + settings.PollInterval;
                await AgencyWebhookStore.RecordAsync(connection, transaction, due.Agency, delivered, next, null, cancellationToken);
            }
        }

        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    /// <summary>Null when the agency acknowledged with a 2xx; otherwise why not.</summary>
    private async Task<string?> PostAsync(DueAgencyWebhook due, string source, AgencyMessage message, WebhookOptions settings, CancellationToken cancellationToken)
    {
        if (due.Url.StartsWith("http:", StringComparison.OrdinalIgnoreCase) && !settings.AllowHttp)
        {
            return $"http URLs are not allowed ({OptionsName}:AllowHttp)";
        }

        var payload = JsonSerializer.Serialize(new Payload(message.Type, message.At, message.Data), Json);
        var id = $"{source}_{message.Seq.ToString(CultureInfo.InvariantCulture)}";
        var timestamp = time.GetUtcNow();
        using var request = new HttpRequestMessage(HttpMethod.Post, due.Url) { Content = new StringContent(payload, Encoding.UTF8) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Add("webhook-id", id);
        request.Headers.Add("webhook-timestamp", timestamp.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture));
        request.Headers.Add("webhook-signature", new StandardWebhook(due.Secret).Sign(id, timestamp, payload));
        return await WebhookDelivery.SendAsync(httpClients.CreateClient(HttpClientName), request, settings.Timeout, cancellationToken);
    }

    /// <summary>The Standard Webhooks payload shape.</summary>
    private sealed record Payload(string Type, DateTimeOffset Timestamp, object Data);

    [LoggerMessage(EventId = GatewayEventIds.AgencyWebhookDeliveryFailed, Level = LogLevel.Warning, Message = "Delivery of {Source} messages to agency {Agency}'s webhook failed (attempt {Attempts}): {Error}; retried later")]
    private partial void LogDeliveryFailed(string agency, string source, int attempts, string error);

    [LoggerMessage(EventId = GatewayEventIds.AgencyWebhookDispatchFailed, Level = LogLevel.Warning, Message = "Agency webhook dispatch failed; retried later")]
    private partial void LogDispatchFailed(Exception exception);
}
