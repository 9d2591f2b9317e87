using JointPunishment.Gateway.Wire;
using JointPunishment.Storage.Assistance;

namespace JointPunishment.Gateway.AgencyWebhooks;

/// <summary>
/// Assistance requests to the agency as <c>assistance.requested</c> messages, by their position among the agency's
/// requests (gap-free: taken under the agency's counter-row lock, see <see cref="AssistanceStore.AddAsync(AssistanceRequest, string, CancellationToken)"/>).
/// <c>data</c> is the request as <c>GET /v1/assistance/{id}</c> shows it.
/// </summary>
public sealed class AssistanceMessageSource(AssistanceStore store) : IAgencyMessageSource
{
    public const string SourceName = "assistance";
    public const string RequestedType = "assistance.requested";

    public string Name => SourceName;

    public async Task<IReadOnlyList<AgencyMessage>> ReadAfterAsync(string agency, long cursor, int limit, CancellationToken ct)
    {
        var requests = await store.ListAsync(ofAgency: true, agency, AssistanceStatusFilter.All, cursor, limit, ct);
        return [.. requests.Select(r => new AgencyMessage(r.AgencySeq, RequestedType, r.RequestedAt, AssistanceDto.From(r)))];
    }
}
