using JointPunishment.Grains.Interfaces.Model;
using JointPunishment.Grains.Subjects;
using Npgsql;
using NpgsqlTypes;

namespace JointPunishment.Storage.CourtRecords;

/// <summary>
/// Keeps <c>jp_court_listing</c>, every case a court listed a subject in and whether a risk notice preceded it
/// (四(二)3), for the court record (四(二)9). Idempotent by revision (<c>jp_project_court_listings</c>), like the
/// due-step index; a listing recorded before the notice was checked keeps a null flag and is not counted as missing.
/// </summary>
public sealed class PostgresCourtListingProjection : IPostgresSubjectProjection
{
    public IEnumerable<NpgsqlBatchCommand> Commands(SubjectSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        return [PostgresSubjectProjections.Call("jp_project_court_listings", [snapshot.SubjectKey, snapshot.Revision, .. Columns([.. Listed(snapshot)])])];
    }

    /// <summary>For subjects with no row yet, all at once (<c>jp_project_court_listings_first</c>).</summary>
    public IEnumerable<NpgsqlBatchCommand> FirstCommands(IReadOnlyList<SubjectSnapshot> snapshots)
    {
        ArgumentNullException.ThrowIfNull(snapshots);
        if (snapshots.Count == 0)
        {
            return [];
        }

        var (keys, revisions, of, rows) = FirstProjection.Flatten(snapshots, Listed);
        return [FirstProjection.Held("jp_project_court_listings_first", [keys, revisions, of, .. Columns(rows)])];
    }

    /// <summary>The cases the subject was listed in (a risk notice alone is not one).</summary>
    private static IEnumerable<Listing> Listed(SubjectSnapshot snapshot) => FirstProjection.ListingsOf(snapshot).Where(l => l.ListedOn is not null);

    /// <summary>The rows' columns, as both functions take them: case numbers, courts, and whether the risk notice was missing.</summary>
    private static object[] Columns(Listing[] listed) =>
    [
        listed.Select(l => l.CaseNumber).ToArray(), listed.Select(l => l.Court).ToArray(),
        new NpgsqlParameter { Value = listed.Select(MissingOrNull).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Boolean },
    ];

    private static object MissingOrNull(Listing listing) => listing.RiskNoticeMissing is { } missing ? missing : DBNull.Value;
}
