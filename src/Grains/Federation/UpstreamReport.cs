using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using JointPunishment.Grains.Checks;
using JointPunishment.Grains.Interfaces.Model;
using JointPunishment.Grains.Wire;

namespace JointPunishment.Grains.Federation;

/// <summary>
/// One report for the upstream (CONTRACT "Following the national list"): a local agency's hit on upstream cases
/// (<paramref name="Outcome"/> null) or the agency's binding feedback on it. <paramref name="CasesJson"/> is the
/// <c>cases</c> array in wire form (<see cref="UpstreamCase.ToJson"/>). No identity of the person is in it.
/// </summary>
public sealed record UpstreamReport(
    long Id, Guid CheckId, string Agency, string Measure, Decision Decision, DateTimeOffset CheckedAt, string CasesJson, short? Outcome)
{
    /// <summary>
    /// Posts <paramref name="reports"/> to the upstream's <c>POST /v1/federation/reports</c>. Null when it acknowledged them;
    /// the reason when it refused them as invalid (400); throws (<see cref="HttpRequestException"/>) when it cannot answer.
    /// </summary>
    public static async Task<string?> SendAsync(HttpClient http, UpstreamOptions upstream, IReadOnlyList<UpstreamReport> reports, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(upstream.Url!, "v1/federation/reports"));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", upstream.Key);
        request.Content = new ByteArrayContent(Write(reports)) { Headers = { ContentType = new MediaTypeHeaderValue("application/json") } };
        using var response = await http.SendAsync(request, cancellationToken);
        if (response.StatusCode == HttpStatusCode.BadRequest)
        {
            var problem = await response.Content.ReadAsStringAsync(cancellationToken);
            return problem.Length > 1000 ? problem[..1000] : problem;
        }

        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"the upstream answered {(int)response.StatusCode} {response.ReasonPhrase} to reports", null, response.StatusCode);
        }

        return null;
    }

    private static byte[] Write(IReadOnlyList<UpstreamReport> reports)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteStartArray("reports");
            foreach (var r in reports)
            {
                json.WriteStartObject();
                json.WriteString("checkId", r.CheckId.ToString());
                json.WriteString("agency", r.Agency);
                json.WriteString("measure", r.Measure);
                json.WriteString("decision", WireNames.Of(r.Decision));
                json.WriteString("checkedAt", r.CheckedAt.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture));
                json.WritePropertyName("cases");
                json.WriteRawValue(r.CasesJson);
                if (r.Outcome is { } outcome)
                {
                    json.WriteString("outcome", FeedbackOutcomes.Name(outcome));
                }

                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        return buffer.ToArray();
    }
}
