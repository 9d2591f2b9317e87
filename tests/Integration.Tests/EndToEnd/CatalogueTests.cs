using System.Text.Json;
using JointPunishment.Integration.Tests.Infrastructure;

namespace JointPunishment.Integration.Tests.EndToEnd;

/// <summary><c>GET /v1/catalogue</c> serves the measures as the policy text has them (DOMAIN.md "Measure catalogue (二)").</summary>
[Collection(PostgresCollection.Name)]
public sealed class CatalogueTests(PostgresServer postgres) : IAsyncLifetime
{
    private RunningSystem _system = null!;

    public async Task InitializeAsync() => _system = await RunningSystem.StartAsync(postgres);

    public async Task DisposeAsync() => await _system.DisposeAsync();

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

    private static (string?, string?, string?) Row(JsonElement entry) =>
        (entry.GetProperty("ref").GetString(), entry.GetProperty("effect").GetString(), entry.GetProperty("scope").GetString());
}
