using JointPunishment.Grains.Domain.PublicList;
using JointPunishment.Grains.Subjects;
using Npgsql;

namespace JointPunishment.Storage.PublicList;

/// <summary>
/// Keeps the public list (<c>jp_public_listing</c>) and the delisting feed (<c>jp_delisting</c>) in step with the
/// subject grains. Called before a change is acknowledged and again on activation, so it sees revisions more than
/// once: the subject's row in <c>jp_public_subject</c> admits only a newer revision, and its row lock serialises
/// two projections of the same subject. One transaction per call, so the list and the feed never disagree.
/// </summary>
/// <remarks>
/// Feed positions. Readers page with "after position p", so an entry must never become visible with a position
/// below one a reader has already passed. A sequence (bigserial) does not ensure that: transaction A takes 7,
/// transaction B takes 8 and commits first, a reader sees 8 and moves past 7 before A commits. Instead positions
/// come from the <c>delisting</c> row of <c>jp_feed_counter</c>, incremented in the writing transaction as its last
/// statement: the row lock is held until commit, so the next writer takes its positions only after this one is
/// committed and visible, and positions become visible in increasing order. The lock is held for one statement
/// and the commit, and only by transactions that really add entries (delistings are rare next to listings).
/// </remarks>
public sealed class PostgresPublicListProjection(NpgsqlDataSource dataSource, TimeProvider time) : ISubjectProjection
{
    public async Task ProjectAsync(SubjectSnapshot snapshot, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        if (snapshot.Listings.IsDefaultOrEmpty)
        {
            // An officer or a subject never listed: nothing was ever published for it.
            return;
        }

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var previous = await AdmitAsync(connection, transaction, snapshot, cancellationToken);
        if (previous is null)
        {
            await transaction.CommitAsync(cancellationToken);
            return;
        }

        var change = PublicListChange.Between(snapshot.Subject, snapshot.Listings, previous);
        if (change.Delistings.IsEmpty && change.Published.Length == previous.Count && change.Published.All(previous.Contains))
        {
            // Most changes (a risk notice, a correction request, a suspension) leave the public list as it was.
            await transaction.CommitAsync(cancellationToken);
            return;
        }

        await using var batch = new NpgsqlBatch(connection, transaction);
        batch.BatchCommands.Add(Command("DELETE FROM jp_public_listing WHERE subject_key = $1", snapshot.SubjectKey));
        if (!change.Published.IsEmpty)
        {
            var p = change.Published;
            batch.BatchCommands.Add(Command("""
                INSERT INTO jp_public_listing (subject_key, case_number, listed_event_id, court, name, id_masked, listed_on)
                SELECT $1, * FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::date[])
                """,
                snapshot.SubjectKey,
                p.Select(e => e.CaseNumber).ToArray(),
                p.Select(e => e.ListedEventId).ToArray(),
                p.Select(e => e.Court).ToArray(),
                p.Select(e => e.Name).ToArray(),
                p.Select(e => e.IdMasked).ToArray(),
                p.Select(e => e.ListedOn).ToArray()));
        }

        if (!change.Delistings.IsEmpty)
        {
            var d = change.Delistings;
            // Last statement before the commit: see the remarks on positions.
            batch.BatchCommands.Add(Command("""
                WITH counter AS (
                    UPDATE jp_feed_counter SET last = last + cardinality($2::text[]) WHERE feed = 'delisting' RETURNING last)
                INSERT INTO jp_delisting (position, subject_key, case_number, listed_event_id, kind, name, id_masked, at)
                SELECT counter.last - cardinality($2::text[]) + t.n, $1, t.case_number, t.listed_event_id, t.kind, t.name, t.id_masked, $7
                FROM counter, unnest($2::text[], $3::text[], $4::smallint[], $5::text[], $6::text[])
                    WITH ORDINALITY AS t(case_number, listed_event_id, kind, name, id_masked, n)
                ON CONFLICT (subject_key, case_number, listed_event_id) DO NOTHING
                """,
                snapshot.SubjectKey,
                d.Select(x => x.Entry.CaseNumber).ToArray(),
                d.Select(x => x.Entry.ListedEventId).ToArray(),
                d.Select(x => (short)x.Kind).ToArray(),
                d.Select(x => x.Entry.Name).ToArray(),
                d.Select(x => x.Entry.IdMasked).ToArray(),
                time.GetUtcNow()));
        }

        await batch.ExecuteNonQueryAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>Records the new revision and returns what was published before it, or null when this revision is not newer.</summary>
    private static async Task<List<PublicEntry>?> AdmitAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, SubjectSnapshot snapshot, CancellationToken cancellationToken)
    {
        await using var batch = new NpgsqlBatch(connection, transaction);
        batch.BatchCommands.Add(Command("""
            INSERT INTO jp_public_subject AS s (subject_key, revision) VALUES ($1, $2)
            ON CONFLICT (subject_key) DO UPDATE SET revision = excluded.revision WHERE s.revision < excluded.revision
            RETURNING 1
            """, snapshot.SubjectKey, snapshot.Revision));
        batch.BatchCommands.Add(Command(
            "SELECT case_number, listed_event_id, court, name, id_masked, listed_on FROM jp_public_listing WHERE subject_key = $1",
            snapshot.SubjectKey));
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }

        await reader.NextResultAsync(cancellationToken);
        var entries = new List<PublicEntry>();
        while (await reader.ReadAsync(cancellationToken))
        {
            entries.Add(new PublicEntry(
                reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetString(4),
                reader.GetFieldValue<DateOnly>(5)));
        }

        return entries;
    }

    private static NpgsqlBatchCommand Command(string sql, params object[] values)
    {
        var command = new NpgsqlBatchCommand(sql);
        foreach (var value in values)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value });
        }

        return command;
    }
}
