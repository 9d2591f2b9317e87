using System.Diagnostics.Metrics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using JointPunishment.Gateway.Auth;
using JointPunishment.Gateway.Telemetry;
using JointPunishment.Integration.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace JointPunishment.Integration.Tests.Hostile;

/// <summary>Issue 24 item 5: what anonymous clients can make the gateway spend (keys tried, addresses, bodies).</summary>
[Collection(PostgresCollection.Name)]
public sealed class PublicAbuseTests(PostgresServer postgres, SharedSystem shared) : IAsyncLifetime, IClassFixture<SharedSystem>
{
    private RunningSystem _system = null!;

    public async Task InitializeAsync() => _system = await shared.StartOnceAsync(postgres);

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task PublicQueries_FromOneIpv6Slash64_ShareOneLimit()
    {
        using var http = await _system.ServingClientAsync(TestPeerAddress.On(_system.CreateGateway(new Dictionary<string, string?> { ["PublicQuery:PermitLimit"] = "2", ["PublicQuery:Window"] = "01:00:00" })));

        Assert.Equal(HttpStatusCode.OK, await StatusAsync(http, TestPeerAddress.Get("/v1/public/delistings", "2001:db8:1:2::1")));
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(http, TestPeerAddress.Get("/v1/public/delistings", "2001:db8:1:2:aaaa::2")));
        Assert.Equal(HttpStatusCode.TooManyRequests, await StatusAsync(http, TestPeerAddress.Get("/v1/public/delistings", "2001:db8:1:2:ffff:1:2:3")));
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(http, TestPeerAddress.Get("/v1/public/delistings", "2001:db8:1:3::1")));
    }

    [Fact]
    public async Task ForwardedFor_IsBelievedOnlyFromAConfiguredProxy()
    {
        using var http = await _system.ServingClientAsync(TestPeerAddress.On(_system.CreateGateway(new Dictionary<string, string?>
        {
            ["PublicQuery:PermitLimit"] = "1", ["PublicQuery:Window"] = "01:00:00", ["ForwardedHeaders:KnownProxies:0"] = "10.9.0.1",
        })));

        // Two clients behind the proxy each have their own budget, and a third host cannot spend theirs by naming them.
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(http, TestPeerAddress.Get("/v1/public/delistings", "10.9.0.1", forwardedFor: "203.0.113.5")));
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(http, TestPeerAddress.Get("/v1/public/delistings", "10.9.0.1", forwardedFor: "203.0.113.6")));
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(http, TestPeerAddress.Get("/v1/public/delistings", "198.51.100.7", forwardedFor: "203.0.113.7")));
        Assert.Equal(HttpStatusCode.TooManyRequests, await StatusAsync(http, TestPeerAddress.Get("/v1/public/delistings", "198.51.100.7", forwardedFor: "203.0.113.8")));
        Assert.Equal(HttpStatusCode.TooManyRequests, await StatusAsync(http, TestPeerAddress.Get("/v1/public/delistings", "10.9.0.1", forwardedFor: "203.0.113.5")));
    }

    [Fact]
    public async Task RefusedKeys_BeyondTheAddressLimit_Are429WithRetryAfter_WhileAnotherAddressIsServed()
    {
        var key = await _system.RegisterAgencyAsync("abuse-ok", "consumption.air");
        using var http = await _system.ServingClientAsync(TestPeerAddress.On(_system.CreateGateway(new Dictionary<string, string?> { ["RateLimits:FailedAuthentication:PermitLimit"] = "3" })));

        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await CheckAsync(http, $"jpa.abuse-ok.wrong{i}", "2001:db8:5:5::1")).StatusCode);
        }

        using var refused = await CheckAsync(http, $"jpa.abuse-ok.wrong9", "2001:db8:5:5::99");
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        Assert.True(refused.Headers.RetryAfter?.Delta > TimeSpan.Zero, refused.Headers.RetryAfter?.ToString());
        // The guesser's address is not even looked at with a good key; another address is.
        Assert.Equal(HttpStatusCode.TooManyRequests, (await CheckAsync(http, key, "2001:db8:5:5::1")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await CheckAsync(http, key, "192.0.2.44")).StatusCode);
    }

    [Fact]
    public async Task KeysOfAnUnknownCode_CostOneGrainCall_AndTheCodeWorksAtOnceWhenRegistered()
    {
        var (http, services) = await _system.StartAnotherGatewayAsync();
        await services.GetRequiredService<KeyEventsSubscription>().Subscribed.WaitAsync(TimeSpan.FromSeconds(30));
        var known = await _system.RegisterAgencyAsync("abuse-known", "consumption.air");
        using var lookups = new KeyLookups(services);

        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await CheckAsync(http, $"jpa.abuse-ghost.guess{i}", peer: null)).StatusCode);
            Assert.Equal(HttpStatusCode.Unauthorized, (await CheckAsync(http, $"{known}x", peer: null)).StatusCode);
        }

        Assert.Equal(2, lookups.Count("cluster", "refused"));
        Assert.Equal(8, lookups.Count("cache", "refused"));

        var ghost = await _system.RegisterAgencyAsync("abuse-ghost", "consumption.air");
        Assert.Equal(HttpStatusCode.OK, (await CheckAsync(http, ghost, peer: null)).StatusCode);
    }

    [Fact]
    public async Task PublicBody_Over64KB_Is413Problem_AndFilesNothing()
    {
        var body = JsonContent.Create(new { agencyCode = "abuse-ok", description = new string('x', 65 * 1024) });

        using var response = await _system.Http.PostAsync("/v1/public/complaints", body);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(0, await _system.CountRowsContainingAsync("jp_complaint", new string('x', 1000)));
    }

    private static async Task<HttpStatusCode> StatusAsync(HttpClient http, HttpRequestMessage request)
    {
        using (request)
        {
            using var response = await http.SendAsync(request);
            return response.StatusCode;
        }
    }

    private static Task<HttpResponseMessage> CheckAsync(HttpClient http, string key, string? peer)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/v1/checks")
        {
            Content = JsonContent.Create(new { measure = "consumption.air", subject = new { idType = "passport", idNumber = "E12345678" } }),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        if (peer is not null)
        {
            request.Headers.Add(TestPeerAddress.Header, peer);
        }

        return http.SendAsync(request);
    }

    /// <summary>The <c>jp_key_lookups</c> counter of one gateway (its own meter factory), by source and result.</summary>
    private sealed class KeyLookups : IDisposable
    {
        private readonly MeterListener _listener = new();
        private readonly Dictionary<(string, string), long> _counts = [];

        public KeyLookups(IServiceProvider gateway)
        {
            var scope = gateway.GetRequiredService<IMeterFactory>();
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == GatewayMetrics.MeterName && instrument.Name == "jp_key_lookups" && ReferenceEquals(instrument.Meter.Scope, scope))
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            };
            _listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
            {
                var all = tags.ToArray();
                var key = (Tag(all, "source"), Tag(all, "result"));
                lock (_counts)
                {
                    _counts[key] = _counts.GetValueOrDefault(key) + value;
                }
            });
            _listener.Start();
        }

        public long Count(string source, string result)
        {
            lock (_counts)
            {
                return _counts.GetValueOrDefault((source, result));
            }
        }

        public void Dispose() => _listener.Dispose();

        private static string Tag(KeyValuePair<string, object?>[] tags, string name) => tags.Single(t => t.Key == name).Value as string ?? "";
    }
}
