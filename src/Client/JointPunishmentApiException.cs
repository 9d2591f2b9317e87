using System.Net;

namespace JointPunishment.Client;

/// <summary>
/// The gateway refused a request with an RFC 9457 problem document: a 400 names each invalid field in
/// <see cref="Errors"/>, a 401 means a missing or unknown key, a 403 a measure the agency does not hold, a 409 a state
/// that does not allow the request. A rejected request changed nothing on the gateway.
/// </summary>
public sealed class JointPunishmentApiException : Exception
{
    /// <summary>Creates the exception for a problem response.</summary>
    /// <param name="status">The HTTP status.</param>
    /// <param name="title">The problem's title.</param>
    /// <param name="detail">The problem's detail, if any.</param>
    /// <param name="errors">The invalid fields, by field path, each with its messages.</param>
    /// <param name="retryAfter">The Retry-After the gateway asked for, if any.</param>
    public JointPunishmentApiException(HttpStatusCode status, string title, string? detail, IReadOnlyDictionary<string, IReadOnlyList<string>> errors, TimeSpan? retryAfter = null)
        : base(Describe(status, title, detail, errors))
    {
        Status = status;
        Title = title;
        Detail = detail;
        Errors = errors;
        RetryAfter = retryAfter;
    }

    /// <summary>The HTTP status of the response.</summary>
    public HttpStatusCode Status { get; }

    /// <summary>The problem's title, such as <c>Invalid request</c>.</summary>
    public string Title { get; }

    /// <summary>The problem's detail, if any.</summary>
    public string? Detail { get; }

    /// <summary>For a 400: the invalid fields by path (<c>subject.idNumber</c>, <c>relatedPersons[0].role</c>), each with its messages; empty otherwise.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Errors { get; }

    /// <summary>How long the gateway asked the caller to wait (429, 503), if it said; the client already waited and retried where that was safe.</summary>
    public TimeSpan? RetryAfter { get; }

    private static string Describe(HttpStatusCode status, string title, string? detail, IReadOnlyDictionary<string, IReadOnlyList<string>> errors)
    {
        var text = $"{(int)status} {title}{(detail is null ? "" : $": {detail}")}";
        return errors.Count == 0 ? text : $"{text} ({string.Join("; ", errors.Select(e => $"{e.Key}: {string.Join(", ", e.Value)}"))})";
    }
}
