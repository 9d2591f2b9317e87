using JointPunishment.Integration.Tests.Infrastructure;

namespace JointPunishment.Integration.Tests.EndToEnd;

/// <summary>Many writers on one subject at once, each request sent twice as a client retry would: every event applies exactly once.</summary>
[Collection(PostgresCollection.Name)]
public sealed class ConcurrentWritersTests(PostgresServer postgres) : IAsyncLifetime
{
    private RunningSystem _system = null!;

    public async Task InitializeAsync() => _system = await RunningSystem.StartAsync(postgres);

    public async Task DisposeAsync() => await _system.DisposeAsync();

    [Fact]
    public async Task ConcurrentEventsOnOneSubject_WithEveryRequestRetried_ApplyExactlyOnceEach()
    {
        const int Writers = 24;
        var court = await _system.RegisterCourtAsync("cw-court");
        var person = TestIds.ResidentId();
        object Listed(int i) => new
        {
            events = new[]
            {
                new { eventId = $"cw-{i}", type = "listed", caseNumber = $"(2026)京01执{i}号", subject = new { idType = "resident_id", idNumber = person, name = "并发" }, listedOn = "2026-11-20", @public = true },
            },
        };

        // Each event goes out twice at the same moment: the original and its "retry after a timeout".
        var responses = await Task.WhenAll(Enumerable.Range(0, Writers * 2).Select(n =>
            _system.JsonAsync(HttpMethod.Post, "/v1/court/events", court, Listed(n % Writers))));

        var statuses = responses
            .Select(r => r.GetProperty("results")[0])
            .GroupBy(r => r.GetProperty("eventId").GetString()!)
            .ToDictionary(g => g.Key, g => g.Select(r => r.GetProperty("status").GetString()!).Order().ToArray());
        Assert.Equal(Writers, statuses.Count);
        Assert.All(statuses.Values, s => Assert.Equal(new[] { "applied", "duplicate" }, s));

        var view = await _system.JsonAsync(HttpMethod.Get, $"/v1/court/subjects/resident_id/{person}", court);
        var listings = view.GetProperty("listings").EnumerateArray().ToArray();
        Assert.Equal(Writers, listings.Length);
        Assert.All(listings, l => Assert.Single(l.GetProperty("history").EnumerateArray()));
    }
}
