using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
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
                .UseSetting("JP_SUBJECT_KEY", ClusterHarness.SubjectKey)
                .UseSetting("JP_STORAGE_KEY", ClusterHarness.StorageKey)
                .UseSetting("JP_OPERATOR_KEY", "health-test-operator-key-0123456789"));
        using var http = gateway.CreateClient();

        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await http.GetAsync("/health")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/alive")).StatusCode);

        // Without a cluster a request is refused as retryable, never answered 500 or with a decision.
        using var register = new HttpRequestMessage(HttpMethod.Post, "/v1/courts") { Content = JsonContent.Create(new { code = "c", name = "c" }) };
        register.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "health-test-operator-key-0123456789");
        using var unavailable = await http.SendAsync(register);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, unavailable.StatusCode);
        Assert.Equal("application/problem+json", unavailable.Content.Headers.ContentType?.MediaType);

        using var silo = await ClusterHarness.StartSiloAsync(connectionString);
        await ClusterHarness.EventuallyAsync(
            async () => Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/health")).StatusCode),
            TimeSpan.FromSeconds(60));

        await silo.StopAsync();
    }
}
