using System.Net;
using JointPunishment.Integration.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace JointPunishment.Integration.Tests.EndToEnd;

/// <summary>A listed unit's officers are restricted from the moment the court has the answer, also when their update could not be delivered at once.</summary>
[Collection(PostgresCollection.Name)]
public sealed class OfficerDeliveryTests(PostgresServer postgres) : IAsyncLifetime
{
    private readonly OfficerDeliveryFaultFilter _fault = new();
    private RunningSystem _system = null!;
    private string _court = "";
    private string _air = "";

    public async Task InitializeAsync()
    {
        // The unit's grain delivering to its officer's: a court's request writes a new unit and its officers in one
        // transaction instead (Court:BulkWrites), so these grains' delivery is tested with that off.
        _system = await RunningSystem.StartAsync(
            postgres, siloServices: services => services.AddSingleton<IIncomingGrainCallFilter>(_fault),
            siloSettings: new Dictionary<string, string?> { ["Court:BulkWrites"] = "false" });
        _court = await _system.RegisterCourtAsync("c1");
        _air = await _system.RegisterAgencyAsync("air", "consumption.air");
    }

    public async Task DisposeAsync() => await _system.DisposeAsync();

    [Fact]
    public async Task UnitListing_WhoseOfficerUpdateFails_IsNotAnsweredApplied_AndTheResentOneRestrictsTheOfficer()
    {
        var officer = new { idType = "resident_id", idNumber = TestIds.ResidentId(), name = "王五" };
        var listing = new
        {
            eventId = "unit-f1", type = "listed", caseNumber = "(2026)京01执301号", listedOn = "2026-11-20", @public = true,
            subject = new { idType = "uscc", idNumber = TestIds.Uscc(), name = "某某有限公司" },
            officers = new[] { new { role = "actual_controller", officer.idType, officer.idNumber, officer.name } },
        };

        _fault.Failing = true;
        using (var cutShort = await _system.SendAsync(HttpMethod.Post, "/v1/court/events", _court, new { events = new[] { listing } }))
        {
            // No "applied" while the officer's grain would answer from no state: a 503 tells the court to resend.
            Assert.Equal(HttpStatusCode.ServiceUnavailable, cutShort.StatusCode);
        }

        _fault.Failing = false;
        var resent = await _system.JsonAsync(HttpMethod.Post, "/v1/court/events", _court, new { events = new[] { listing } });
        Assert.Equal("duplicate", resent.GetProperty("results")[0].GetProperty("status").GetString());

        var check = await _system.JsonAsync(HttpMethod.Post, "/v1/checks", _air, new { measure = "consumption.air", subject = officer });
        Assert.Equal("block", check.GetProperty("decision").GetString());
        Assert.Equal("actual_controller", check.GetProperty("measures")[0].GetProperty("basis")[0].GetProperty("as").GetString());
    }
}
