using System.Text.Json;
using JointPunishment.Integration.Tests.Infrastructure;

namespace JointPunishment.Integration.Tests.EndToEnd;

/// <summary><c>GET /v1/catalogue</c> serves the measures as the policy text has them (DOMAIN.md "Measure catalogue (二)").</summary>
[Collection(PostgresCollection.Name)]
public sealed class CatalogueTests(PostgresServer postgres, SharedSystem shared) : IAsyncLifetime, IClassFixture<SharedSystem>
{
    private RunningSystem _system = null!;

    public async Task InitializeAsync() => _system = await shared.StartOnceAsync(postgres);

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Catalogue_ServesTheRowsAsTheTextHasThem()
    {
        var entries = (await _system.JsonAsync(HttpMethod.Get, "/v1/catalogue", null)).EnumerateArray().ToDictionary(e => e.GetProperty("code").GetString()!);

        Assert.Equal(51, entries.Count);
        // 二(三)5: serving staff — a reference for evaluation and promotion, beside the recruitment ban.
        Assert.Equal(("二(三)5", "reference", "D(p)"), Row(entries["position.serving_staff"]));
        Assert.Equal(("二(三)5", "prohibit", "D(p)"), Row(entries["position.civil_servant"]));
        // 二(三)7: candidacy only for a debtor who is a person; sitting deputies also as officers of a listed unit.
        Assert.Equal(("二(三)7", "prohibit", "D(p)"), Row(entries["position.deputy_candidate"]));
        Assert.Equal(("二(三)7", "reference", "D(p) +O"), Row(entries["position.sitting_deputy"]));
        // 二(四)3: 对其企业资质作出限制.
        Assert.Equal(("二(四)3", "prohibit", "D(u)"), Row(entries["access.construction_qualification"]));
        // 二(七)3: the quota is for the debtor only.
        Assert.Equal(("二(七)3", "quota", "D"), Row(entries["consumption.resort_quota"]));
        Assert.Equal(("二(七)1", "prohibit", "D +O"), Row(entries["consumption.rail"]));
    }

    [Fact]
    public async Task Checks_NarrowScopes_AsTheTextHasThem()
    {
        var court = await _system.RegisterCourtAsync("c1");
        string[] measures = ["access.construction_qualification", "position.deputy_candidate", "position.sitting_deputy", "consumption.resort_quota"];
        var agency = await _system.RegisterAgencyAsync("org", measures);
        var person = new { idType = "resident_id", idNumber = TestIds.ResidentId(), name = "张三" };
        var unit = new { idType = "uscc", idNumber = TestIds.Uscc(), name = "某某建筑有限公司" };
        var officer = new { idType = "resident_id", idNumber = TestIds.ResidentId(), name = "王五" };
        await _system.JsonAsync(HttpMethod.Post, "/v1/court/events", court, new
        {
            events = new object[]
            {
                new { eventId = "p", type = "listed", caseNumber = "(2026)宁01执1号", subject = person, listedOn = "2026-11-20", @public = true },
                new
                {
                    eventId = "u", type = "listed", caseNumber = "(2026)宁01执2号", subject = unit, listedOn = "2026-11-20", @public = true,
                    officers = new[] { new { role = "legal_representative", officer.idType, officer.idNumber, officer.name } },
                },
            },
        });

        async Task<string?> Decision(string measure, object subject) =>
            (await _system.JsonAsync(HttpMethod.Post, "/v1/checks", agency, new { measure, subject })).GetProperty("decision").GetString();

        // D(u): the unit's qualification is restricted; a person debtor never is.
        Assert.Equal("block", await Decision("access.construction_qualification", unit));
        Assert.Equal("allow", await Decision("access.construction_qualification", person));
        // D(p): candidacy barred for a person debtor only; +O: sitting deputies also as officers of a listed unit.
        Assert.Equal("block", await Decision("position.deputy_candidate", person));
        Assert.Equal("allow", await Decision("position.deputy_candidate", officer));
        Assert.Equal("flag", await Decision("position.sitting_deputy", officer));
        Assert.Equal("flag", await Decision("position.sitting_deputy", person));
        // D: the resort quota limits the debtor, not its officers.
        Assert.Equal("limit", await Decision("consumption.resort_quota", unit));
        Assert.Equal("allow", await Decision("consumption.resort_quota", officer));
    }

    private static (string?, string?, string?) Row(JsonElement entry) =>
        (entry.GetProperty("ref").GetString(), entry.GetProperty("effect").GetString(), entry.GetProperty("scope").GetString());
}
