using System.Net;
using JointPunishment.Integration.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace JointPunishment.Integration.Tests;

[Collection(PostgresCollection.Name)]
public sealed class GatewayHealthTests(PostgresServer postgres)
{
    [Fact]
    public async Task Health_IsUnavailableWithoutACluster_AndOkOnceASiloJoins()
    {
        var connectionString = await postgres.CreateDatabaseAsync();
        await ClusterHarness.MigrateAsync(connectionString);
        await using var gateway = new WebApplicationFactory<Program>()
            .WithWebHostBuilder(web => web
                .UseSetting("JP_POSTGRES", connectionString)
                .UseSetting("JP_SUBJECT_KEY", ClusterHarness.SubjectKey));
        using var http = gateway.CreateClient();

        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await http.GetAsync("/health")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/alive")).StatusCode);

        using var silo = await ClusterHarness.StartSiloAsync(connectionString);
        await ClusterHarness.EventuallyAsync(
            async () => Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/health")).StatusCode),
            TimeSpan.FromSeconds(60));

        await silo.StopAsync();
    }
}
