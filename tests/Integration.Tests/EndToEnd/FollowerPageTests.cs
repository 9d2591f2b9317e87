using JointPunishment.Grains.Interfaces.Model;
using JointPunishment.Integration.Tests.Infrastructure;

namespace JointPunishment.Integration.Tests.EndToEnd;

/// <summary>
/// The follower writes a page's new subjects while the page before it is being finished (issue 23 item 4): with pages of
/// two events, subjects whose events span pages (a listing then its shielding, an officer named in one page and listed
/// in the next) must end as the national node's grains left them, every event applied once and in order.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class FollowerPageTests(PostgresServer postgres, FollowerPageTests.SmallPages nodes) : IAsyncLifetime, IClassFixture<FollowerPageTests.SmallPages>
{
    public Task InitializeAsync() => nodes.StartOnceAsync(postgres);

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task SubjectsWhoseEventsSpanPages_EndAsTheNationalGrainsLeftThem()
    {
        var p = Subject("resident_id", TestIds.ResidentId(), "甲某");
        var unit = Subject("uscc", TestIds.Uscc(), "某某物流有限公司");
        var officer = Subject("resident_id", TestIds.ResidentId(), "乙某");
        var q = Subject("resident_id", TestIds.ResidentId(), "丙某");
        var r = Subject("resident_id", TestIds.ResidentId(), "丁某");
        // A request a page (a subject's revision counts the calls that changed it, here and there alike).
        await nodes.NationalEventsAsync(
            Listed("fp-1", "(2026)沪0101执61号", p),
            new
            {
                eventId = "fp-2", type = "listed", caseNumber = "(2026)沪0101执62号", subject = unit, listedOn = "2026-12-01", @public = true,
                officers = new[] { new { role = "legal_representative", officer.idType, officer.idNumber, officer.name } },
            });
        await nodes.NationalEventsAsync(
            Listed("fp-3", "(2026)沪0101执63号", officer),
            new { eventId = "fp-4", type = "shielded", caseNumber = "(2026)沪0101执61号", subject = p });
        await nodes.NationalEventsAsync(Listed("fp-5", "(2026)沪0101执65号", q), Listed("fp-6", "(2026)沪0101执66号", p));
        await nodes.NationalEventsAsync(
            Listed("fp-7", "(2026)沪0101执67号", r),
            new { eventId = "fp-8", type = "shielded", caseNumber = "(2026)沪0101执65号", subject = q });

        await ClusterHarness.EventuallyAsync(async () =>
        {
            var status = await nodes.RegionalStatusAsync();
            Assert.True((status.GetProperty("applied").GetInt64(), status.GetProperty("rejected").GetInt64()) == (8L, 0L), status.GetRawText());
        }, TimeSpan.FromMinutes(2)); // a follower that stepped down while the silos started is back with its reminder (a minute)

        foreach (var s in new[] { p, unit, officer, q, r })
        {
            var idType = s.idType == "uscc" ? IdType.Uscc : IdType.ResidentId;
            var (national, _, _) = await nodes.National.StoredSubjectAsync(idType, s.idNumber);
            var (regional, _, _) = await nodes.Regional.StoredSubjectAsync(idType, s.idNumber);
            Assert.Equal(
                (s.name, RunningSystem.AsStored(national).Replace("\"n-court", "\"national/n-court", StringComparison.Ordinal)),
                (s.name, RunningSystem.AsStored(regional)));
        }

        Assert.Equal(("block", "allow", "block", "block"), (
            await nodes.RegionalDecisionAsync(p), await nodes.RegionalDecisionAsync(q),
            await nodes.RegionalDecisionAsync(officer), await nodes.RegionalDecisionAsync(r)));
    }

    private static object Listed(string eventId, string caseNumber, SubjectRef subject) =>
        new { eventId, type = "listed", caseNumber, subject, listedOn = "2026-12-01", @public = true };

    private static SubjectRef Subject(string idType, string idNumber, string name) => new(idType, idNumber, name);

#pragma warning disable IDE1006, SA1300 // the wire's member names
    private sealed record SubjectRef(string idType, string idNumber, string name);
#pragma warning restore IDE1006, SA1300

    /// <summary>The two nodes, the regional one asking for pages of two events.</summary>
    public sealed class SmallPages : FederationTests.TwoNodes
    {
        protected override int? RegionalPageSize => 2;
    }
}
