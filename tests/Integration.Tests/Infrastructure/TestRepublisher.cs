using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace JointPunishment.Integration.Tests.Infrastructure;

/// <summary>A republisher's webhook receiver at <c>{url}/hook</c> on a free local port.</summary>
public static class TestRepublisher
{
    /// <param name="receive">Gets each delivery (the request, for its headers, and its body) and returns the status to answer with.</param>
    public static async Task<WebApplication> StartAsync(Func<HttpRequest, string, ValueTask<int>> receive)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.WebHost.UseUrls($"http://127.0.0.1:{FreePorts.Next()}");
        var app = builder.Build();
        app.MapPost("/hook", async (HttpRequest request) =>
        {
            using var reader = new StreamReader(request.Body, Encoding.UTF8);
            return Results.StatusCode(await receive(request, await reader.ReadToEndAsync()));
        });
        await app.StartAsync();
        return app;
    }

    /// <summary>
    /// A receiver (<paramref name="receive"/>, as in <see cref="StartAsync"/>) and a running system whose gateway may deliver
    /// to it and polls the feed every 100 ms, so that a delivery follows within a test; <paramref name="gatewaySettings"/> add to that.
    /// </summary>
    public static async Task<(RunningSystem System, WebApplication Republisher)> StartWithSystemAsync(
        PostgresServer postgres, Func<HttpRequest, string, ValueTask<int>> receive, IReadOnlyDictionary<string, string?>? gatewaySettings = null, LogCapture? capture = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Republishers:PollInterval"] = "00:00:00.100",
            // The receiver listens on plain http on loopback, which a deployment does not allow by default.
            ["Republishers:AllowHttp"] = "true",
            ["Republishers:AllowPrivateAddresses"] = "true",
        };
        foreach (var (key, value) in gatewaySettings ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        var republisher = await StartAsync(receive);
        return (await RunningSystem.StartAsync(postgres, capture: capture, gatewaySettings: settings), republisher);
    }
}
