using JointPunishment.Integration.Tests.Infrastructure;

namespace JointPunishment.Integration.Tests.EndToEnd;

/// <summary>
/// Watchlist alerts through the agency's signed webhook (issue 22 item 1): at least once, in order, after a receiver
/// that failed recovers; and an alert the court's answer waited for still arrives when every silo is killed right after.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class AlertWebhookTests(PostgresServer postgres) : IAsyncLifetime
{
    private const string Air = "consumption.air";
    private RunningSystem _system = null!;
    private AgencyWebhookReceiver _receiver = null!;
    private string _court = null!;
    private string _agency = null!;

    public async Task InitializeAsync()
    {
        _receiver = await AgencyWebhookReceiver.StartAsync(failures: 3);
        _system = await RunningSystem.StartAsync(postgres, gatewaySettings: new Dictionary<string, string?>
        {
            ["AgencyWebhooks:PollInterval"] = "00:00:00.100",
            ["AgencyWebhooks:RetryDelay"] = "00:00:00.100",
            ["AgencyWebhooks:MaxRetryDelay"] = "00:00:00.400",
            // The receiver listens on plain http on loopback, which a deployment does not allow by default.
            ["AgencyWebhooks:AllowHttp"] = "true",
            ["AgencyWebhooks:AllowPrivateAddresses"] = "true",
        });
        _court = await _system.RegisterCourtAsync("aw-court");
        _agency = await _system.RegisterAgencyAsync("aw-air", Air);
    }

    public async Task DisposeAsync()
    {
        await _system.DisposeAsync();
        await _receiver.DisposeAsync();
    }

    [Fact]
    public async Task AlertsReachAFailingReceiverInOrderOnceItRecovers_SignedAsStandardWebhooks_EvenWithEverySiloKilled()
    {
        var first = new { idType = "resident_id", idNumber = TestIds.ResidentId(), name = "周某" };
        var second = new { idType = "resident_id", idNumber = TestIds.ResidentId(), name = "吴某" };
        await _system.JsonAsync(HttpMethod.Put, "/v1/alerts/webhook", _agency, new { url = _receiver.Url, secret = _receiver.Secret }, 204);
        await _system.JsonAsync(HttpMethod.Post, "/v1/watchlists/staff/members", _agency, new
        {
            measure = Air, add = new object[] { new { @ref = "emp-1", first.idType, first.idNumber, first.name }, new { @ref = "emp-2", second.idType, second.idNumber, second.name } },
        });

        await ListAsync("aw-1", "(2026)京0101执71号", first);
        await ListAsync("aw-2", "(2026)京0101执72号", second);
        await EventAsync(new { eventId = "aw-3", type = "shielded", caseNumber = "(2026)京0101执71号", subject = first });
        // Every silo is killed right after the court's answer: the alerts were stored before it, and the gateway delivers them.
        await _system.CrashSilosAsync();

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var (acknowledged, failed) = await _receiver.AcknowledgedAsync(3, timeout.Token);
        Assert.Equal(3, failed);
        Assert.Equal(["alert.restricted", "alert.restricted", "alert.lifted"], acknowledged.Select(d => d.Type));
        Assert.Equal(["emp-1", "emp-2", "emp-1"], acknowledged.Select(d => d.Data.GetProperty("ref").GetString()));
        Assert.All(acknowledged, d => Assert.Equal("staff", d.Data.GetProperty("watchlist").GetString()));
        var seqs = acknowledged.Select(d => d.Data.GetProperty("seq").GetInt64()).ToList();
        Assert.Equal(seqs.Order(), seqs);
        Assert.Equal(3, acknowledged.Select(d => d.WebhookId).Distinct().Count());
        // No identity travels in an alert: the agency's own ref names the member.
        Assert.All(acknowledged, d => Assert.DoesNotContain(first.idNumber, d.Body, StringComparison.Ordinal));
        await Task.Delay(500);
        Assert.False(_receiver.Deliveries.TryRead(out var extra), extra?.Body);
    }

    private Task ListAsync(string eventId, string caseNumber, object subject) =>
        EventAsync(new { eventId, type = "listed", caseNumber, subject, listedOn = "2026-12-01", @public = true });

    private async Task EventAsync(object e)
    {
        var answer = await _system.JsonAsync(HttpMethod.Post, "/v1/court/events", _court, new { events = new[] { e } });
        Assert.Equal("applied", answer.GetProperty("results")[0].GetProperty("status").GetString());
    }
}
