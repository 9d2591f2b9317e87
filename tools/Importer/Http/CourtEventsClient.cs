using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using JointPunishment.Importer.Input;

namespace JointPunishment.Importer.Http;

/// <summary>
/// Sends one batch to <c>POST /v1/court/events</c> and returns its per-event results. Transient failures
/// (5xx, 408, 429, timeouts, connection errors) are retried with backoff; any other 4xx stops the import,
/// because the same request would be refused again.
/// </summary>
public sealed class CourtEventsClient(HttpClient http, Uri endpoint, RetryPolicy retry, Action<string>? notice = null)
{
    private static readonly MediaTypeHeaderValue Json = new("application/json") { CharSet = "utf-8" };

    /// <summary>The URL of the court events endpoint under a gateway base URL (which may carry a path prefix).</summary>
    public static Uri EndpointFor(Uri gateway)
    {
        var text = gateway.ToString();
        return new Uri(new Uri(text.EndsWith('/') ? text : text + "/"), "v1/court/events");
    }

    /// <summary>The request body: the events' own bytes inside <c>{"events":[…]}</c>.</summary>
    public static byte[] Body(IReadOnlyList<SourceRecord> events)
    {
        var open = """{"events":["""u8;
        var close = "]}"u8;
        var length = open.Length + close.Length + Math.Max(0, events.Count - 1) + events.Sum(e => e.Json!.Length);
        var body = new byte[length];
        var at = 0;
        open.CopyTo(body);
        at += open.Length;
        for (var i = 0; i < events.Count; i++)
        {
            if (i > 0)
            {
                body[at++] = (byte)',';
            }

            events[i].Json!.CopyTo(body, at);
            at += events[i].Json!.Length;
        }

        close.CopyTo(body.AsSpan(at));
        return body;
    }

    public async Task<IReadOnlyList<EventResult>> SendAsync(EventBatch batch, CancellationToken cancellationToken)
    {
        var body = Body(batch.Events);
        for (var attempt = 1; ; attempt++)
        {
            string failure;
            TimeSpan? retryAfter = null;
            Exception? cause = null;
            try
            {
                using var content = new ByteArrayContent(body);
                content.Headers.ContentType = Json;
                using var response = await http.PostAsync(endpoint, content, cancellationToken);
                if (response.IsSuccessStatusCode)
                {
                    return await ReadResultsAsync(response, batch.Events.Count, cancellationToken);
                }

                if (!IsTransient(response.StatusCode))
                {
                    var text = await response.Content.ReadAsStringAsync(cancellationToken);
                    if ((int)response.StatusCode is >= 400 and < 500)
                    {
                        throw new GatewayRejectedException(response.StatusCode, text);
                    }

                    throw new GatewayProtocolException($"the gateway answered {(int)response.StatusCode} {response.StatusCode}");
                }

                failure = $"{(int)response.StatusCode} {response.StatusCode}";
                retryAfter = response.Headers.RetryAfter?.Delta
                    ?? (response.Headers.RetryAfter?.Date is { } date ? date - DateTimeOffset.UtcNow : null);
            }
            catch (HttpRequestException e)
            {
                (failure, cause) = (e.HttpRequestError == HttpRequestError.Unknown ? e.Message : $"{e.HttpRequestError}: {e.Message}", e);
            }
            catch (IOException e)
            {
                (failure, cause) = (e.Message, e);
            }
            catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
            {
                // HttpClient.Timeout surfaces as a cancellation that is not ours.
                (failure, cause) = ($"no answer within {http.Timeout.TotalSeconds:0.#} s", e);
            }

            if (attempt >= retry.MaxTries)
            {
                throw new GatewayUnavailableException(
                    $"{endpoint} did not answer lines {batch.FirstLine}-{batch.LastLine} after {attempt} tries; last failure: {failure}", cause);
            }

            var delay = retry.DelayBefore(attempt + 1, retryAfter);
            notice?.Invoke($"lines {batch.FirstLine}-{batch.LastLine}: {failure}; try {attempt + 1} of {retry.MaxTries} in {delay.TotalSeconds:0.0} s");
            await Task.Delay(delay, cancellationToken);
        }
    }

    private static bool IsTransient(HttpStatusCode status) =>
        (int)status >= 500 || status is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests;

    private static async Task<IReadOnlyList<EventResult>> ReadResultsAsync(HttpResponseMessage response, int expected, CancellationToken cancellationToken)
    {
        CourtEventsResponse? parsed;
        try
        {
            await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
            parsed = await JsonSerializer.DeserializeAsync(stream, ImporterJsonContext.Default.CourtEventsResponse, cancellationToken);
        }
        catch (JsonException e)
        {
            throw new GatewayProtocolException($"the gateway's {(int)response.StatusCode} answer is not the court events response: {e.Message}", e);
        }

        if (parsed?.Results is not { } results || results.Count != expected)
        {
            throw new GatewayProtocolException(
                $"the gateway answered {parsed?.Results?.Count ?? 0} results for {expected} events; CONTRACT.md promises one per event");
        }

        return results;
    }
}
