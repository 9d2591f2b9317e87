using System.Text.Json;
using JointPunishment.Grains.Domain.Sampling;
using JointPunishment.Integration.Tests.Infrastructure;

namespace JointPunishment.Integration.Tests.EndToEnd;

/// <summary>二(十) supervision sampling: key targets found through listings and related persons, drawn at the higher rate, reproducibly.</summary>
[Collection(PostgresCollection.Name)]
public sealed class SamplingTests(PostgresServer postgres) : IAsyncLifetime
{
    private RunningSystem _system = null!;
    private string _court = "";
    private string _market = "";
    private string _air = "";

    public async Task InitializeAsync()
    {
        _system = await RunningSystem.StartAsync(postgres);
        _court = await _system.RegisterCourtAsync("c1");
        _market = await _system.RegisterAgencyAsync("market", "supervision.key_target");
        _air = await _system.RegisterAgencyAsync("air", "consumption.air");
    }

    public async Task DisposeAsync() => await _system.DisposeAsync();

    [Fact]
    public async Task Draw_FindsListedUnitsAndUnitsWithListedPersons_AndIsReproducibleFromItsSeed()
    {
        var listedUnit = TestIds.Uscc();
        var listedDirector = TestIds.ResidentId();
        await _system.JsonAsync(HttpMethod.Post, "/v1/court/events", _court, new
        {
            events = new object[]
            {
                new { eventId = "u", type = "listed", caseNumber = "(2026)京01执1号", subject = new { idType = "uscc", idNumber = listedUnit, name = "失信公司" }, listedOn = "2026-11-01", @public = true },
                new { eventId = "p", type = "listed", caseNumber = "(2026)京01执2号", subject = new { idType = "resident_id", idNumber = listedDirector, name = "董事" }, listedOn = "2026-11-01", @public = true },
            },
        });
        var units = new List<object>
        {
            new { @ref = "A-0", subject = new { idType = "uscc", idNumber = listedUnit } },
            new { @ref = "A-1", subject = new { idType = "uscc", idNumber = TestIds.Uscc() }, relatedPersons = new[] { new { role = "director", idType = "resident_id", idNumber = listedDirector } } },
        };
        units.AddRange(Enumerable.Range(2, 60).Select(i => new
        {
            @ref = $"A-{i}",
            subject = new { idType = "uscc", idNumber = TestIds.Uscc() },
            relatedPersons = new[] { new { role = "legal_representative", idType = "resident_id", idNumber = TestIds.ResidentId() } },
        }));

        var everyKey = await DrawAsync(_market, new { seed = "1", rate = 0, keyRate = 1, units });
        Assert.Equal([0, 1], everyKey.GetProperty("keyTargets").EnumerateArray().Select(e => e.GetInt32()));
        Assert.Equal(["A-0", "A-1"], everyKey.GetProperty("selected").EnumerateArray().Select(s => s.GetProperty("ref").GetString()));

        var first = await DrawAsync(_market, new { seed = "18446744073709551557", rate = 0.25, keyRate = 1, units });
        var again = await DrawAsync(_market, new { seed = "18446744073709551557", rate = 0.25, keyRate = 1, units });
        var expected = InspectionSample.Draw([.. Enumerable.Range(0, units.Count).Select(i => i < 2)], 18446744073709551557UL, 0.25, 1);
        Assert.Equal(expected, Indices(first));
        Assert.Equal(expected, Indices(again));
        Assert.Equal(first.GetProperty("populationDigest").GetString(), again.GetProperty("populationDigest").GetString());

        var recorded = await _system.JsonAsync(HttpMethod.Get, $"/v1/agencies/market/sampling/{first.GetProperty("id").GetString()}", RunningSystem.OperatorKey);
        Assert.Equal("market", recorded.GetProperty("drawnBy").GetString());
        Assert.Equal("18446744073709551557", recorded.GetProperty("seed").GetString());
        Assert.Equal(0.25, recorded.GetProperty("rate").GetDouble());
        Assert.Equal(expected, Indices(recorded));
        Assert.Equal(0L, await _system.CountRowsContainingAsync("jp_sampling_draw", listedUnit));
    }

    [Fact]
    public async Task Draw_IsForTheAgencyHoldingTheMeasure_AndNamesBadFields()
    {
        var unit = new { subject = new { idType = "uscc", idNumber = TestIds.Uscc() } };
        await _system.JsonAsync(HttpMethod.Post, "/v1/agencies/market/sampling", _air, new { rate = 0.1, keyRate = 0.5, units = new[] { unit } }, 403);
        await _system.JsonAsync(HttpMethod.Post, "/v1/agencies/air/sampling", _air, new { rate = 0.1, keyRate = 0.5, units = new[] { unit } }, 403);
        await _system.JsonAsync(HttpMethod.Post, "/v1/agencies/market/sampling", _court, new { rate = 0.1, keyRate = 0.5, units = new[] { unit } }, 403);

        var invalid = await _system.JsonAsync(HttpMethod.Post, "/v1/agencies/market/sampling", _market, new
        {
            seed = "-1",
            rate = 0.5,
            keyRate = 0.1,
            units = new object[] { unit, new { subject = new { idType = "uscc", idNumber = "91110000000000000X" } } },
        }, 400);
        var errors = invalid.GetProperty("errors");
        Assert.True(errors.TryGetProperty("seed", out _));
        Assert.True(errors.TryGetProperty("keyRate", out _));
        Assert.True(errors.TryGetProperty("units[1].subject.idNumber", out _));
        await _system.JsonAsync(HttpMethod.Get, $"/v1/agencies/market/sampling/{Guid.CreateVersion7()}", _market, expectedStatus: 404);
    }

    private Task<JsonElement> DrawAsync(string key, object body) => _system.JsonAsync(HttpMethod.Post, "/v1/agencies/market/sampling", key, body, 201);

    private static int[] Indices(JsonElement draw) => [.. draw.GetProperty("selected").EnumerateArray().Select(s => s.GetProperty("index").GetInt32())];
}
