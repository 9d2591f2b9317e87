using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace JointPunishment.Bench;

/// <summary>
/// Which seeded persons a check blocks (batch checks of 10,000 through HTTP). Every one was acknowledged <c>applied</c>
/// by the import, so any not blocked is a failure of its own; the churn phases check decisions against the others,
/// so what they count is what the churn caused.
/// </summary>
public static class SeedCheck
{
    public const string Measure = "consumption.air";

    public static async Task<int[]> BlockedPersonsAsync(HttpClient http, string gateway, string agencyKey, int persons)
    {
        var blocked = new List<int>(persons);
        for (var first = 0; first < persons; first += 10_000)
        {
            var subjects = Enumerable.Range(first, Math.Min(10_000, persons - first)).Select(i => new { idType = "resident_id", idNumber = Ids.ListedPerson(i) });
            using var request = new HttpRequestMessage(HttpMethod.Post, $"{gateway}/v1/checks/batch") { Content = JsonContent.Create(new { measure = Measure, subjects }) };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", agencyKey);
            using var response = await http.SendAsync(request);
            response.EnsureSuccessStatusCode();
            var results = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("results").EnumerateArray().ToArray();
            blocked.AddRange(Enumerable.Range(0, results.Length)
                .Where(i => results[i].TryGetProperty("decision", out var d) && d.GetString() == "block")
                .Select(i => first + i));
        }

        return [.. blocked];
    }
}
