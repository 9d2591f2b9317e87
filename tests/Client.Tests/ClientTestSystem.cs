using JointPunishment.Integration.Tests.Infrastructure;

namespace JointPunishment.Client.Tests;

/// <summary>
/// One running system for a test class: a throwaway PostgreSQL, two silos, and a gateway listening on a real port of this
/// machine, so that the client goes through sockets as an agency's would. A court is registered to list debtors.
/// </summary>
public sealed class ClientTestSystem : IAsyncLifetime
{
    private readonly PostgresServer _postgres = new();

    public RunningSystem System { get; private set; } = null!;

    public string CourtKey { get; private set; } = "";

    /// <summary>The code of the agency the tests check as (it holds <c>consumption.rail</c> and the +A <c>credit.bank_credit</c>).</summary>
    public string AgencyCode { get; } = "rail";

    /// <summary>The railway's key.</summary>
    public string AgencyKey { get; private set; } = "";

    /// <summary>The address of the gateway on a real port.</summary>
    public Uri GatewayUrl { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await _postgres.InitializeAsync();
        System = await RunningSystem.StartAsync(_postgres);
        CourtKey = await System.RegisterCourtAsync("c1");
        // Registered before any test stops a gateway: a registration publishes the key to every gateway that subscribed,
        // and a stopped gateway's subscription stalls that publication until it expires.
        AgencyKey = await System.RegisterAgencyAsync(AgencyCode, "consumption.rail", "credit.bank_credit");
        (GatewayUrl, _) = await StartGatewayOnPortAsync(FreePorts.Next());
    }

    /// <summary>Starts a further gateway of this system on <paramref name="port"/> and waits until it is healthy.</summary>
    public async Task<(Uri Url, IAsyncDisposable Gateway)> StartGatewayOnPortAsync(int port, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var url = new Uri($"http://127.0.0.1:{port}/");
        var all = new Dictionary<string, string?>(settings ?? new Dictionary<string, string?>()) { ["JP_GATEWAY_URL"] = url.AbsoluteUri.TrimEnd('/') };
        var gateway = System.CreateGateway(all);
        gateway.UseKestrel(port);
        gateway.StartServer();
        using var http = new HttpClient { BaseAddress = url };
        await ClusterHarness.EventuallyAsync(async () => (await http.GetAsync("health")).EnsureSuccessStatusCode(), TimeSpan.FromSeconds(60));
        return (url, gateway);
    }

    /// <summary>Lists <paramref name="debtor"/> in a public case of court c1.</summary>
    public async Task ListAsync(string caseNumber, Subject debtor)
    {
        var result = await System.JsonAsync(HttpMethod.Post, "/v1/court/events", CourtKey, new
        {
            events = new[]
            {
                new { eventId = $"list-{Guid.NewGuid():N}", type = "listed", caseNumber, subject = Wire(debtor), listedOn = "2026-11-20", @public = true },
            },
        });
        Assert.Equal("applied", result.GetProperty("results")[0].GetProperty("status").GetString());
    }

    /// <summary>Shields <paramref name="debtor"/>'s case: the listing is no longer in force.</summary>
    public async Task ShieldAsync(string caseNumber, Subject debtor)
    {
        var result = await System.JsonAsync(HttpMethod.Post, "/v1/court/events", CourtKey, new
        {
            events = new[] { new { eventId = $"shield-{Guid.NewGuid():N}", type = "shielded", caseNumber, subject = Wire(debtor) } },
        });
        Assert.Equal("applied", result.GetProperty("results")[0].GetProperty("status").GetString());
    }

    private static object Wire(Subject subject) => new { idType = "resident_id", idNumber = subject.IdNumber, name = subject.Name ?? "张三" };

    public async Task DisposeAsync()
    {
        await System.DisposeAsync();
        await _postgres.DisposeAsync();
    }
}
