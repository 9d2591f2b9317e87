using JointPunishment.Grains.Domain.PublicList;
using JointPunishment.Grains.Subjects;
using Npgsql;

namespace JointPunishment.Storage.PublicList;

/// <summary>
/// Adds the short names the public list publishes to <c>jp_public_name</c>, the distinct names the similar-name search
/// scans (migration 0017). Names are only added: a name whose listings ended matches no listing, so it shows nothing.
/// Many subjects share a name, so concurrent batches may insert the same new name: each batch inserts all its names
/// in one statement, in name order, before any other statement (it is registered first), so batches wait for each
/// other's names in one order and never deadlock over them.
/// </summary>
public sealed class PostgresPublicNameProjection : IPostgresSubjectProjection
{
    private const string Insert = "INSERT INTO jp_public_name (name) SELECT DISTINCT n FROM unnest($1::text[]) AS n ORDER BY n ON CONFLICT DO NOTHING";

    public IEnumerable<NpgsqlBatchCommand> Commands(SubjectSnapshot snapshot) => Commands([snapshot]);

    public IEnumerable<NpgsqlBatchCommand> Commands(IReadOnlyList<SubjectSnapshot> snapshots)
    {
        ArgumentNullException.ThrowIfNull(snapshots);
        var names = snapshots
            .Where(s => !s.Listings.IsDefaultOrEmpty)
            .SelectMany(s => PublicListChange.PublishedOf(s.Subject, s.Listings))
            .Select(e => e.Name)
            .Where(PublicNames.IsSearchedBySimilarity)
            .Distinct(StringComparer.Ordinal)
            .ToArray();
        if (names.Length == 0)
        {
            return [];
        }

        var command = new NpgsqlBatchCommand(Insert);
        command.Parameters.Add(new NpgsqlParameter { Value = names });
        return [command];
    }
}
