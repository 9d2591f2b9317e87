namespace JointPunishment.Gateway.Webhooks;

/// <summary>The parts every webhook dispatcher shares: its polling loop and one POST's outcome.</summary>
public static class WebhookDelivery
{
    /// <summary>
    /// Until <paramref name="stoppingToken"/> stops it: runs <paramref name="deliverOne"/> while it reports it delivered
    /// something, then waits <paramref name="pollInterval"/>. A failure (PostgreSQL unreachable and the like) goes to
    /// <paramref name="failed"/> and the loop carries on: nothing unacknowledged was recorded as delivered.
    /// </summary>
    public static async Task RunAsync(
        Func<CancellationToken, Task<bool>> deliverOne, TimeSpan pollInterval, TimeProvider time, Action<Exception> failed, CancellationToken stoppingToken)
    {
        ArgumentNullException.ThrowIfNull(deliverOne);
        ArgumentNullException.ThrowIfNull(failed);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                while (await deliverOne(stoppingToken))
                {
                }
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                failed(ex);
            }

            try
            {
                await Task.Delay(pollInterval, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>Sends <paramref name="request"/>: null when the receiver acknowledged with a 2xx within <paramref name="timeout"/>; otherwise why not.</summary>
    public static async Task<string?> SendAsync(HttpClient client, HttpRequestMessage request, TimeSpan timeout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        cancel.CancelAfter(timeout);
        try
        {
            using var response = await client.SendAsync(request, cancel.Token);
            return response.IsSuccessStatusCode ? null : $"HTTP {(int)response.StatusCode}";
        }
        catch (Exception ex) when (ex is HttpRequestException || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return ex is OperationCanceledException ? "timed out" : ex.Message;
        }
    }
}
