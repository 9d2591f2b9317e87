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
}
