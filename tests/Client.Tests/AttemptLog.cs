using System.Collections.Concurrent;

namespace JointPunishment.Client.Tests;

/// <summary>
/// Writes down what each attempt of a client met, from a handler placed inside the client's resilience pipeline: the
/// path and status, or <c>failed</c> when the gateway could not be reached. It changes nothing; it lets a test see retries.
/// </summary>
public sealed class AttemptLog
{
    private readonly ConcurrentQueue<string> _attempts = new();

    public IReadOnlyList<string> Attempts => [.. _attempts];

    /// <summary>A fresh handler for the factory's pipeline (a handler instance cannot be put in two pipelines).</summary>
    public DelegatingHandler NewHandler() => new Recorder(_attempts);

    private sealed class Recorder(ConcurrentQueue<string> attempts) : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            try
            {
                var response = await base.SendAsync(request, cancellationToken);
                attempts.Enqueue($"{request.RequestUri!.AbsolutePath} {(int)response.StatusCode}");
                return response;
            }
            catch (HttpRequestException)
            {
                attempts.Enqueue($"{request.RequestUri!.AbsolutePath} failed");
                throw;
            }
        }
    }
}
