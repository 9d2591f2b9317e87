using System.Net;
using System.Text;
using System.Text.Json;

namespace JointPunishment.Importer.Http;

/// <summary>The gateway refused a request with a 4xx: sending it again cannot help, so the import stops.</summary>
public sealed class GatewayRejectedException(HttpStatusCode status, string body)
    : Exception($"the gateway answered {(int)status} {status}")
{
    public HttpStatusCode Status { get; } = status;

    public string Body { get; } = body;

    /// <summary>The problem document spelled out (title, detail, field errors), or the raw body when it is not one.</summary>
    public string Describe()
    {
        var text = new StringBuilder($"the gateway answered {(int)Status} {Status}");
        ProblemDocument? problem = null;
        try
        {
            problem = Body.Length > 0 ? JsonSerializer.Deserialize(Body, ImporterJsonContext.Default.ProblemDocument) : null;
        }
        catch (JsonException)
        {
            // Not a problem document (a proxy's error page, say): the raw body is shown instead.
        }

        if (problem is null || (problem.Title is null && problem.Detail is null))
        {
            return Body.Length == 0 ? text.ToString() : text.Append(": ").Append(Body.Length > 4000 ? Body[..4000] : Body).ToString();
        }

        text.Append(": ").Append(problem.Title);
        if (problem.Detail is not null)
        {
            text.Append(" — ").Append(problem.Detail);
        }

        foreach (var (field, messages) in problem.Errors ?? [])
        {
            text.Append(Environment.NewLine).Append("  ").Append(field).Append(": ").Append(string.Join("; ", messages));
        }

        return text.ToString();
    }
}
