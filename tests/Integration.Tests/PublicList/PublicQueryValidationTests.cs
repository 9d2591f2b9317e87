using System.Net;
using System.Text.Json;
using JointPunishment.Integration.Tests.Infrastructure;

namespace JointPunishment.Integration.Tests.PublicList;

/// <summary>Bad public queries are problems naming the field; they read nothing, so every case shares one system.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PublicQueryValidationTests(PostgresServer postgres, SharedSystem shared) : IAsyncLifetime, IClassFixture<SharedSystem>
{
    private RunningSystem _system = null!;

    public async Task InitializeAsync() => _system = await shared.StartOnceAsync(postgres);

    public Task DisposeAsync() => Task.CompletedTask;

    [Theory]
    [InlineData("/v1/public/debtors", "name")]
    [InlineData("/v1/public/debtors?idNumber=11010519491231002X", "name")]
    [InlineData("/v1/public/debtors?name=%E5%BC%A0", "name")]
    [InlineData("/v1/public/debtors?name=%EF%BC%A1%20", "name")]
    [InlineData("/v1/public/debtors?idNumber=!!", "idNumber")]
    [InlineData("/v1/public/debtors?name=abc&pageSize=51", "pageSize")]
    [InlineData("/v1/public/debtors?name=abc&page=0", "page")]
    [InlineData("/v1/public/delistings?limit=1001", "limit")]
    [InlineData("/v1/public/delistings?limit=0", "limit")]
    [InlineData("/v1/public/delistings?limit=x", "limit")]
    [InlineData("/v1/public/delistings?after=abc", "after")]
    [InlineData("/v1/public/delistings?after=-1", "after")]
    public async Task InvalidQueries_AreProblemsNamingTheField(string path, string field)
    {
        using var response = await _system.SendAsync(HttpMethod.Get, path, null);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"{path}: no error for {field}: {problem}");
    }
}
