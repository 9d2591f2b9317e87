using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace JointPunishment.Integration.Tests.Infrastructure;

/// <summary>
/// The in-memory test server has no peer address; this sets it from the <see cref="Header"/> header before anything
/// else runs, as if the request had come over TCP from that address (a proxy, a client, an IPv6 host).
/// </summary>
public sealed class TestPeerAddress : IStartupFilter
{
    public const string Header = "X-Test-Peer";

    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use((http, following) =>
        {
            if (IPAddress.TryParse(http.Request.Headers[Header].ToString(), out var peer))
            {
                http.Connection.RemoteIpAddress = peer;
            }

            return following(http);
        });
        next(app);
    };

    /// <summary>A gateway whose requests come from the address in <see cref="Header"/>.</summary>
    public static WebApplicationFactory<Program> On(WebApplicationFactory<Program> gateway) =>
        gateway.WithWebHostBuilder(web => web.ConfigureTestServices(services => services.AddSingleton<IStartupFilter, TestPeerAddress>()));

    /// <summary>A GET of <paramref name="path"/> from <paramref name="peer"/>, optionally forwarded for another client.</summary>
    public static HttpRequestMessage Get(string path, string peer, string? forwardedFor = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add(Header, peer);
        if (forwardedFor is not null)
        {
            request.Headers.Add("X-Forwarded-For", forwardedFor);
        }

        return request;
    }
}
