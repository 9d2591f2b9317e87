using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Metrics;

namespace JointPunishment.Silo.Extensions;

/// <summary>
/// Serves the silo's Prometheus text at <c>/metrics</c> on <c>Silo:MetricsPort</c> from a small Kestrel server of its
/// own, fed by the silo host's meter provider: a silo serves no other HTTP. As on the gateway (CONTRACT.md), the
/// operator key is required (401 without): with <c>JP_OPERATOR_KEY</c> set, the port listens on every interface and
/// asks for it; without one, the port is a local scrape port bound to 127.0.0.1, reachable from the host only.
/// </summary>
public sealed class SiloMetricsEndpoint(int port, string operatorKey, MeterProvider meters, ILoggerFactory loggers) : IHostedService, IAsyncDisposable
{
    private static readonly byte[] Unauthorized =
        "{\"status\":401,\"title\":\"Unauthorized\",\"detail\":\"Send the operator key as 'Authorization: Bearer <key>'.\"}"u8.ToArray();

    private WebApplication? _server;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(loggers);
        builder.WebHost.UseUrls(operatorKey.Length > 0 ? $"http://*:{port}" : $"http://127.0.0.1:{port}");
        _server = builder.Build();
        _server.MapPrometheusScrapingEndpoint("/metrics", meters,
            configureBranchedPipeline: operatorKey.Length > 0 ? branch => branch.Use(OperatorKeyRequiredAsync) : null, optionsName: null);
        await _server.StartAsync(cancellationToken);
    }

    private async Task OperatorKeyRequiredAsync(HttpContext http, RequestDelegate next)
    {
        var header = http.Request.Headers.Authorization.ToString();
        var key = header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header["Bearer ".Length..].Trim() : "";
        if (CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(key), Encoding.UTF8.GetBytes(operatorKey)))
        {
            await next(http);
            return;
        }

        http.Response.StatusCode = StatusCodes.Status401Unauthorized;
        http.Response.ContentType = "application/problem+json";
        await http.Response.Body.WriteAsync(Unauthorized, http.RequestAborted);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_server is not null)
        {
            await _server.StopAsync(cancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}
