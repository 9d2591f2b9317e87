using System.Net.Http.Json;
using System.Text.Json;
using JointPunishment.Client.Json;

namespace JointPunishment.Client.Http;

/// <summary>Turns an unsuccessful response into a <see cref="JointPunishmentApiException"/>.</summary>
internal static class Problems
{
    public static async Task<JointPunishmentApiException> ReadAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        ProblemDocument? problem = null;
        if (response.Content.Headers.ContentType?.MediaType is "application/problem+json" or "application/json")
        {
            try
            {
                problem = await response.Content.ReadFromJsonAsync(ClientJsonContext.Default.ProblemDocument, cancellationToken).ConfigureAwait(false);
            }
            catch (JsonException)
            {
                // Not a problem document after all (a proxy's page): the status still tells what happened.
            }
        }

        var errors = problem?.Errors?.ToDictionary(e => e.Key, e => (IReadOnlyList<string>)e.Value, StringComparer.Ordinal)
            ?? new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        var retryAfter = response.Headers.RetryAfter switch
        {
            { Delta: { } delta } => delta,
            { Date: { } date } => date - DateTimeOffset.UtcNow,
            _ => (TimeSpan?)null,
        };
        return new JointPunishmentApiException(
            response.StatusCode, problem?.Title ?? response.ReasonPhrase ?? response.StatusCode.ToString(), problem?.Detail, errors, retryAfter);
    }
}
