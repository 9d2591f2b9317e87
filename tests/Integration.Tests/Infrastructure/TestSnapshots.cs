using JointPunishment.Grains.Interfaces.Model;
using JointPunishment.Grains.Subjects;

namespace JointPunishment.Integration.Tests.Infrastructure;

/// <summary>Subject snapshots for projection tests that write without a cluster: one public case, listed or shielded.</summary>
public static class TestSnapshots
{
    public static SubjectSnapshot Snapshot(string key, long revision, Listing listing) =>
        new(key, revision, new SubjectRef(IdType.ResidentId, "110101199003071234", "并发"), [listing], []);

    public static Listing Listed() => new("(2026)宁01执9号", "c1", ListingStatus.Listed, 1)
    {
        ListedOn = new DateOnly(2026, 1, 5),
        Public = true,
        History = [new StatusChange(CourtEventType.Listed, new DateOnly(2026, 1, 5), "l1", ListingStatus.Listed, null)],
    };

    public static Listing Shielded() => Listed() with
    {
        Status = ListingStatus.Shielded,
        Version = 2,
        History = [.. Listed().History, new StatusChange(CourtEventType.Shielded, new DateOnly(2026, 2, 1), "s1", ListingStatus.Shielded, null)],
    };
}
