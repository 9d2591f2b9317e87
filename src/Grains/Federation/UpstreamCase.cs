using System.Collections.Immutable;
using System.Text.Json;
using JointPunishment.Grains.Interfaces.Model;

namespace JointPunishment.Grains.Federation;

/// <summary>
/// A case of the upstream node that a check here rested on, in the upstream's own terms: its court's code there and
/// the case number. What a follower reports back about a hit (五, last paragraph: 及时反馈惩戒情况) names only these.
/// </summary>
public readonly record struct UpstreamCase(string Court, string CaseNumber)
{
    /// <summary>
    /// The upstream cases among the bases of <paramref name="result"/>, each once. An upstream case's court is
    /// <c>{node}/{court}</c> here (<see cref="UpstreamOptions.LocalCourt"/>), and a registered court's code has no
    /// <c>/</c>, so the part after the first <c>/</c> is the upstream's own code.
    /// </summary>
    public static ImmutableArray<UpstreamCase> In(CheckResult result)
    {
        var cases = ImmutableArray.CreateBuilder<UpstreamCase>();
        foreach (var measure in result.Measures)
        {
            foreach (var basis in measure.Basis)
            {
                var slash = basis.Court.IndexOf('/', StringComparison.Ordinal);
                if (slash > 0 && new UpstreamCase(basis.Court[(slash + 1)..], basis.CaseNumber) is var upstream && !cases.Contains(upstream))
                {
                    cases.Add(upstream);
                }
            }
        }

        return cases.DrainToImmutable();
    }

    /// <summary>The wire form of a report's <c>cases</c>: <c>[{"court", "caseNumber"}]</c>, as stored too.</summary>
    public static string ToJson(IEnumerable<UpstreamCase> cases)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartArray();
            foreach (var c in cases)
            {
                json.WriteStartObject();
                json.WriteString("court", c.Court);
                json.WriteString("caseNumber", c.CaseNumber);
                json.WriteEndObject();
            }

            json.WriteEndArray();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }
}
