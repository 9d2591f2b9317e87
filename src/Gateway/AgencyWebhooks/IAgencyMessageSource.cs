namespace JointPunishment.Gateway.AgencyWebhooks;

/// <summary>
/// A stream of messages for agencies that <see cref="AgencyWebhookDispatcher"/> delivers to each agency's webhook
/// (assistance requests; watchlist alerts). Register one as <c>services.AddSingleton&lt;IAgencyMessageSource, …&gt;()</c>;
/// the dispatcher keeps one cursor per agency and source (<c>jp_agency_webhook_cursor</c>).
/// </summary>
public interface IAgencyMessageSource
{
    /// <summary>The source's stable name: the cursor's key and the first part of each message's <c>webhook-id</c>.</summary>
    string Name { get; }

    /// <summary>
    /// The agency's messages after <paramref name="cursor"/> (0: from the start), in ascending <see cref="AgencyMessage.Seq"/>,
    /// at most <paramref name="limit"/>. The sequence must be gap-free as seen by readers: a message that becomes visible
    /// later may never have a lower <see cref="AgencyMessage.Seq"/> than one already returned.
    /// </summary>
    Task<IReadOnlyList<AgencyMessage>> ReadAfterAsync(string agency, long cursor, int limit, CancellationToken ct);
}
