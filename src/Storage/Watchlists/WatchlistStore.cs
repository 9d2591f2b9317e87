using Npgsql;

namespace JointPunishment.Storage.Watchlists;

/// <summary>
/// Agencies' watchlists in PostgreSQL (migration 0032): a watchlist is (agency, name) with one measure, fixed when it
/// is first used; its members are the agency's refs with the subject's key (the keyed hash, never the number). A
/// request's removals and additions are one transaction: two round trips in all, whatever the number of members.
/// </summary>
public sealed class WatchlistStore(NpgsqlDataSource dataSource)
{
    /// <summary>
    /// Removes <paramref name="remove"/>, then adds <paramref name="add"/> (a ref already there gets the new subject and,
    /// if it is another subject, starts from <c>allow</c>: the caller projects it again). Nothing changes when the
    /// watchlist exists with another measure.
    /// </summary>
    public async Task<WatchlistUpdate> UpdateAsync(
        string agency, string name, string measure, IReadOnlyList<(string Ref, string SubjectKey)> add, IReadOnlyList<string> remove, CancellationToken cancellationToken)
    {
        var (id, existing) = await WatchlistAsync(agency, name, measure, cancellationToken);
        if (existing != measure)
        {
            return new WatchlistUpdate(0, 0, existing);
        }

        // Sorted, so two requests on the same watchlist lock its rows in one order and cannot deadlock.
        var members = add.OrderBy(m => m.Ref, StringComparer.Ordinal).ToArray();
        await using var batch = dataSource.CreateBatch();
        var delete = new NpgsqlBatchCommand("DELETE FROM jp_watch_member WHERE watchlist_id = $1 AND ref = ANY($2)");
        delete.Parameters.Add(new NpgsqlParameter { Value = id });
        delete.Parameters.Add(new NpgsqlParameter { Value = remove.ToArray() });
        batch.BatchCommands.Add(delete);
        var insert = new NpgsqlBatchCommand("""
            INSERT INTO jp_watch_member (watchlist_id, ref, subject_key)
            SELECT $1, r, k FROM unnest($2::text[], $3::text[]) AS u (r, k)
            ON CONFLICT (watchlist_id, ref) DO UPDATE SET subject_key = EXCLUDED.subject_key, decision = 0
             WHERE jp_watch_member.subject_key <> EXCLUDED.subject_key
            """);
        insert.Parameters.Add(new NpgsqlParameter { Value = id });
        insert.Parameters.Add(new NpgsqlParameter { Value = members.Select(m => m.Ref).ToArray() });
        insert.Parameters.Add(new NpgsqlParameter { Value = members.Select(m => m.SubjectKey).ToArray() });
        batch.BatchCommands.Add(insert);
        await batch.ExecuteNonQueryAsync(cancellationToken);
        return new WatchlistUpdate(add.Count, delete.RecordsAffected);
    }

    /// <summary>The watchlist's id and measure, creating it with <paramref name="measure"/> when it does not exist.</summary>
    private async Task<(int Id, string Measure)> WatchlistAsync(string agency, string name, string measure, CancellationToken cancellationToken)
    {
        // Twice at most: a first call racing another request's creation of the same watchlist sees neither row.
        for (var attempt = 0; ; attempt++)
        {
            await using var command = dataSource.CreateCommand("""
                WITH created AS (
                    INSERT INTO jp_watchlist (agency, name, measure) VALUES ($1, $2, $3)
                    ON CONFLICT (agency, name) DO NOTHING RETURNING id, measure)
                SELECT id, measure FROM created
                UNION ALL
                SELECT id, measure FROM jp_watchlist WHERE agency = $1 AND name = $2
                """);
            command.Parameters.Add(new NpgsqlParameter { Value = agency });
            command.Parameters.Add(new NpgsqlParameter { Value = name });
            command.Parameters.Add(new NpgsqlParameter { Value = measure });
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            if (await reader.ReadAsync(cancellationToken))
            {
                return (reader.GetInt32(0), reader.GetString(1));
            }

            if (attempt > 0)
            {
                throw new InvalidOperationException($"Watchlist {name} of {agency} neither created nor found.");
            }
        }
    }
}
