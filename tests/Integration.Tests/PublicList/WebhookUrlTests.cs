using JointPunishment.Integration.Tests.Infrastructure;

namespace JointPunishment.Integration.Tests.PublicList;

/// <summary>
/// Issue 24 item 8: a republisher's webhook may not point at plain http or an internal address (deployment defaults).
/// Each case is refused and stores nothing, so every case shares one system.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class WebhookUrlTests(PostgresServer postgres, SharedSystem shared) : IAsyncLifetime, IClassFixture<SharedSystem>
{
    private RunningSystem _system = null!;

    public async Task InitializeAsync() => _system = await shared.StartOnceAsync(postgres);

    public Task DisposeAsync() => Task.CompletedTask;

    [Theory]
    [InlineData("http://example.com/hook")]
    [InlineData("https://127.0.0.1/hook")]
    [InlineData("https://localhost/hook")]
    [InlineData("https://10.1.2.3/hook")]
    [InlineData("https://192.168.1.1/hook")]
    [InlineData("https://169.254.169.254/latest/meta-data")]
    [InlineData("https://[::1]/hook")]
    [InlineData("https://[fd00::1]/hook")]
    [InlineData("https://[fe80::1]/hook")]
    public async Task Subscribe_ToPlainHttpOrAnInternalAddress_Is400NamingUrl_AndStoresNothing(string url)
    {
        var problem = await _system.JsonAsync(HttpMethod.Post, "/v1/republishers", RunningSystem.OperatorKey, new { code = "ws-bad", url }, 400);

        Assert.True(problem.GetProperty("errors").TryGetProperty("url", out _), problem.ToString());
        Assert.Equal(0, await _system.CountRowsContainingAsync("jp_republisher", "ws-bad"));
    }
}
