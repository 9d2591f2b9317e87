using JointPunishment.Gateway.Apis;
using JointPunishment.Storage.Watchlists;

namespace JointPunishment.Gateway.AgencyWebhooks;

/// <summary>
/// The agency's watchlist alerts as <c>alert.restricted</c> / <c>alert.lifted</c> messages, by their position in its
/// alert feed (gap-free: taken under the feed counter's lock, see <see cref="AlertFeed"/>); <c>data</c> is the alert as
/// <c>GET /v1/alerts</c> shows it.
/// </summary>
public sealed class AlertMessageSource(AlertFeed feed) : IAgencyMessageSource
{
    public const string SourceName = "alerts";

    public string Name => SourceName;

    public async Task<IReadOnlyList<AgencyMessage>> ReadAfterAsync(string agency, long cursor, int limit, CancellationToken ct)
    {
        var alerts = await feed.ReadAfterAsync(agency, cursor, limit, ct);
        return [.. alerts.Select(a => WatchlistsApi.AlertDto.From(a)).Select(a => new AgencyMessage(a.Seq, $"alert.{a.Kind}", a.At, a))];
    }
}
