using System.Net;
using JointPunishment.Integration.Tests.Infrastructure;
using Npgsql;

namespace JointPunishment.Integration.Tests.EndToEnd;

/// <summary>
/// While PostgreSQL refuses the system's connections (restarting, failing over), a court event is answered 503 with
/// Retry-After, never 500 and never <c>applied</c>; once PostgreSQL is back, sending the same event again records it.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class DatabaseOutageTests(PostgresServer postgres) : IAsyncLifetime
{
    private RunningSystem _system = null!;

    public async Task InitializeAsync() => _system = await RunningSystem.StartAsync(postgres);

    public async Task DisposeAsync()
    {
        await SetConnectionsAllowedAsync(true);
        await _system.DisposeAsync();
    }

    [Fact]
    public async Task CourtEvent_WhileTheDatabaseRefusesConnections_Is503WithRetryAfter_AndAppliesOnceItIsBack()
    {
        var court = await _system.RegisterCourtAsync("outage-court");
        var person = TestIds.ResidentId();
        var body = new
        {
            events = new[]
            {
                new { eventId = "outage-1", type = "listed", caseNumber = "(2026)京01执1号", subject = new { idType = "resident_id", idNumber = person, name = "停库" }, listedOn = "2026-11-20", @public = true },
            },
        };

        await SetConnectionsAllowedAsync(false);
        using (var refused = await _system.SendAsync(HttpMethod.Post, "/v1/court/events", court, body))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
            Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
            Assert.NotNull(refused.Headers.RetryAfter);
        }

        await SetConnectionsAllowedAsync(true);
        await ClusterHarness.EventuallyAsync(async () =>
        {
            var results = await _system.JsonAsync(HttpMethod.Post, "/v1/court/events", court, body);
            // "duplicate" when an earlier retry applied it but its answer was lost to a pooled connection the outage had ended.
            Assert.Contains(results.GetProperty("results")[0].GetProperty("status").GetString(), new[] { "applied", "duplicate" });
        }, TimeSpan.FromSeconds(30));
        var view = await _system.JsonAsync(HttpMethod.Get, $"/v1/court/subjects/resident_id/{person}", court);
        Assert.Equal("(2026)京01执1号", view.GetProperty("listings")[0].GetProperty("caseNumber").GetString());
    }

    /// <summary>Refuses (or allows again) new connections to the system's database and ends the ones it has.</summary>
    private async Task SetConnectionsAllowedAsync(bool allowed)
    {
        var database = new NpgsqlConnectionStringBuilder(_system.ConnectionString).Database!;
        await using var admin = new NpgsqlConnection(postgres.ConnectionString("postgres"));
        await admin.OpenAsync();
        await using var alter = new NpgsqlCommand($"ALTER DATABASE \"{database}\" ALLOW_CONNECTIONS {(allowed ? "true" : "false")}", admin);
        await alter.ExecuteNonQueryAsync();
        if (!allowed)
        {
            await using var terminate = new NpgsqlCommand("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = @d", admin);
            terminate.Parameters.AddWithValue("d", database);
            await terminate.ExecuteScalarAsync();
        }
    }
}
