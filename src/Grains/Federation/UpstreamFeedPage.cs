using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;

namespace JointPunishment.Grains.Federation;

/// <summary>One page of an upstream node's federation feed (<c>GET /v1/federation/events</c>).</summary>
public sealed record UpstreamFeedPage(IReadOnlyList<UpstreamFeedItem> Items, long Next)
{
    public const string HttpClientName = "upstream";

    /// <summary>Reads the page after <paramref name="after"/>; throws (<see cref="HttpRequestException"/>, <see cref="JsonException"/>) when the upstream cannot give it.</summary>
    public static async Task<UpstreamFeedPage> ReadAsync(HttpClient http, UpstreamOptions upstream, long after, CancellationToken cancellationToken)
    {
        var uri = new Uri(upstream.Url!, $"v1/federation/events?after={after.ToString(CultureInfo.InvariantCulture)}&limit={upstream.BatchSize.ToString(CultureInfo.InvariantCulture)}");
        using var request = new HttpRequestMessage(HttpMethod.Get, uri);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", upstream.Key);
        using var response = await http.SendAsync(request, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"the upstream answered {(int)response.StatusCode} {response.ReasonPhrase}", null, response.StatusCode);
        }

        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
        using var json = await JsonDocument.ParseAsync(body, cancellationToken: cancellationToken);
        var root = json.RootElement;
        var items = root.GetProperty("items").EnumerateArray().Select(item => new UpstreamFeedItem(
            item.GetProperty("seq").GetInt64(),
            item.GetProperty("court").GetString() ?? throw new JsonException("an item has no court"),
            item.GetProperty("event").Clone(),
            item.TryGetProperty("at", out var at) && at.ValueKind == JsonValueKind.String ? at.GetDateTimeOffset() : null)).ToList();
        var next = long.Parse(root.GetProperty("next").GetString() ?? "", NumberStyles.None, CultureInfo.InvariantCulture);
        if (items.Any(i => i.Seq <= after) || (items.Count > 0 && next < items[^1].Seq))
        {
            throw new JsonException("the upstream's page goes backwards");
        }

        return new UpstreamFeedPage(items, next);
    }
}

/// <summary>An upstream event: its feed position, the upstream court's code, the event in wire form, when it was applied there.</summary>
public sealed record UpstreamFeedItem(long Seq, string Court, JsonElement Event, DateTimeOffset? At);
