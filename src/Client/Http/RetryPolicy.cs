using Polly;

namespace JointPunishment.Client.Http;

/// <summary>
/// Which calls the standard resilience pipeline may repeat. A call is retried after a transient failure unless its request
/// is marked here: a repeat of a marked call could do its work twice (a second objection, a second answer to a court).
/// </summary>
internal static class RetryPolicy
{
    private static readonly HttpRequestOptionsKey<bool> NotRetried = new("JointPunishment.Client.NotRetried");

    /// <summary>Marks a request whose repeat would not be harmless: a transient failure surfaces to the caller instead.</summary>
    public static void DoNotRetry(HttpRequestMessage request) => request.Options.Set(NotRetried, true);

    public static bool AllowsRetry(ResilienceContext context) =>
        context.GetRequestMessage() is not { } request || !request.Options.TryGetValue(NotRetried, out var notRetried) || !notRetried;
}
