using JointPunishment.Gateway.Wire;
using JointPunishment.Grains.Domain.PublicList;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;
using Npgsql;

namespace JointPunishment.Gateway.PublicList;

/// <summary>Reads the public list and the delisting feed that the silos' projection keeps in PostgreSQL.</summary>
public sealed class PublicListReader(NpgsqlDataSource dataSource, IOptions<PublicListOptions> options) : IDisposable
{
    private readonly ConcurrencyLimiter _queries = new(new ConcurrencyLimiterOptions
    {
        PermitLimit = options.Value.MaxConcurrentQueries,
        QueueLimit = options.Value.MaxQueuedQueries,
        QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
    });

    /// <summary>
    /// How close a name must be (pg_trgm similarity; its default is 0.3). A two-character Chinese name has three trigrams,
    /// and 0.4 requires two of them to match (张三 finds 张三丰), whereas 0.3 lets the index return everyone sharing
    /// the surname, which is neither useful nor cheap.
    /// </summary>
    private const string SimilarityThreshold = "0.4";

    private const string Columns = "name, id_masked, case_number, court, listed_on";

    /// <summary>A page of the public list, or null when too many queries are already waiting (see <see cref="PublicListOptions"/>).</summary>
    public async Task<PublicDebtorsResponse?> FindAsync(PublicQuery query, CancellationToken cancellationToken)
    {
        using var turn = await _queries.AcquireAsync(1, cancellationToken);
        if (!turn.IsAcquired)
        {
            return null;
        }

        var offset = (query.Page - 1) * query.PageSize;
        await using var batch = dataSource.CreateBatch();
        string sql;
        if (!PublicNames.IsSearchedBySimilarity(query.Name))
        {
            var byKey = query.SubjectKeys.Count > 0 ? "AND subject_key = ANY($1)" : "";
            sql = $"SELECT {Columns}, true FROM jp_public_listing WHERE name = $4 {byKey} ORDER BY listed_on DESC, case_number, subject_key LIMIT $2 OFFSET $3";
        }
        else
        {
            // Both for this batch's transaction only. A generic plan: PostgreSQL otherwise plans this statement afresh
            // on every execution (its custom plans look cheaper than the generic one), 0.43 ms of a 1.1 ms query at
            // 1,000,000 listings, for the same plan; the statement is prepared once per connection (MaxAutoPrepare).
            batch.BatchCommands.Add(new NpgsqlBatchCommand(
                $"SELECT set_config('pg_trgm.similarity_threshold', '{SimilarityThreshold}', true), set_config('plan_cache_mode', 'force_generic_plan', true)"));
            var byKey = query.SubjectKeys.Count > 0 ? "subject_key = ANY($1) AND" : "cardinality($1::text[]) = 0 AND";
            // Exact matches come first, in the order of the name index. When they fill the page by themselves (a common
            // name), the page is read from that index and the similar-name search is not run at all (its one-time
            // filter is false). Otherwise similar names are found among the distinct published names (jp_public_name,
            // small and cached), and each name found contributes at most the rows of this page and those before it,
            // read from the name index in the order shown: a row in the page is among the first offset + limit of its
            // own name, since the answer's order restricted to one name is the index's order.
            sql = $"""
                WITH exact AS MATERIALIZED (
                    SELECT {Columns}, true AS exact, row_number() OVER (ORDER BY listed_on DESC, case_number, subject_key) AS ord
                    FROM jp_public_listing
                    WHERE {byKey} name = $4
                    ORDER BY listed_on DESC, case_number, subject_key
                    LIMIT $2 OFFSET $3)
                SELECT * FROM exact WHERE (SELECT count(*) FROM exact) = $2
                UNION ALL
                SELECT * FROM (
                    SELECT l.name, l.id_masked, l.case_number, l.court, l.listed_on, n.name = $4 AS exact,
                           row_number() OVER (ORDER BY n.name = $4 DESC, n.similarity DESC, l.listed_on DESC, l.case_number, l.subject_key) AS ord
                    FROM (SELECT name, similarity(name, $4) AS similarity FROM jp_public_name WHERE name = $4 OR name % $4) AS n
                    CROSS JOIN LATERAL (
                        SELECT {Columns}, subject_key
                        FROM jp_public_listing
                        WHERE {byKey} name = n.name
                        ORDER BY listed_on DESC, case_number, subject_key
                        LIMIT $2 + $3) AS l
                    ORDER BY ord
                    LIMIT $2 OFFSET $3) AS page
                WHERE (SELECT count(*) FROM exact) < $2
                ORDER BY ord
                """;
        }

        var select = new NpgsqlBatchCommand(sql);
        select.Parameters.Add(new NpgsqlParameter { Value = query.SubjectKeys.ToArray() });
        select.Parameters.Add(new NpgsqlParameter { Value = query.PageSize + 1 });
        select.Parameters.Add(new NpgsqlParameter { Value = offset });
        select.Parameters.Add(new NpgsqlParameter { Value = query.Name });

        batch.BatchCommands.Add(select);
        var items = new List<PublicDebtorDto>(query.PageSize + 1);
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        if (batch.BatchCommands.Count > 1)
        {
            await reader.NextResultAsync(cancellationToken);
        }

        while (await reader.ReadAsync(cancellationToken))
        {
            items.Add(new PublicDebtorDto(
                reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3),
                reader.GetFieldValue<DateOnly>(4), reader.GetBoolean(5) ? "exact" : "similar"));
        }

        var hasMore = items.Count > query.PageSize;
        return new PublicDebtorsResponse(hasMore ? items[..query.PageSize] : items, query.Page, query.PageSize, hasMore);
    }

    /// <summary>
    /// The red list's entries in force on <paramref name="today"/> (not exited, <c>until</c> not passed) under the
    /// normalised <paramref name="name"/>, newest first, at most <paramref name="limit"/>; null when too many queries wait.
    /// </summary>
    public async Task<PublicRedListResponse?> FindRedListAsync(string name, DateOnly today, int limit, CancellationToken cancellationToken)
    {
        using var turn = await _queries.AcquireAsync(1, cancellationToken);
        if (!turn.IsAcquired)
        {
            return null;
        }

        await using var command = dataSource.CreateCommand("""
            SELECT name, id_masked, category, since FROM jp_red_list
             WHERE name = $1 AND exited_on IS NULL AND (until IS NULL OR until >= $2)
             ORDER BY since DESC, subject_key LIMIT $3
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = name });
        command.Parameters.Add(new NpgsqlParameter { Value = today });
        command.Parameters.Add(new NpgsqlParameter { Value = limit });
        var items = new List<PublicRedListDto>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            items.Add(new PublicRedListDto(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetFieldValue<DateOnly>(3)));
        }

        return new PublicRedListResponse(items);
    }

    /// <summary>Entries after position <paramref name="after"/>, in position order (see PostgresPublicListProjection for why positions never appear out of order).</summary>
    public async Task<DelistingsResponse> DelistingsAfterAsync(long after, int limit, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            "SELECT position, case_number, name, id_masked, kind, at FROM jp_delisting WHERE position > $1 ORDER BY position LIMIT $2");
        command.Parameters.Add(new NpgsqlParameter { Value = after });
        command.Parameters.Add(new NpgsqlParameter { Value = limit });
        var items = new List<DelistingDto>(Math.Min(limit, 256));
        var last = after;
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            last = reader.GetInt64(0);
            items.Add(new DelistingDto(
                reader.GetString(1), reader.GetString(2), reader.GetString(3),
                reader.GetInt16(4) == 1 ? "shielded" : "revoked", reader.GetDateTime(5)));
        }

        return new DelistingsResponse(items, DelistingCursor.Format(last));
    }

    public void Dispose() => _queries.Dispose();
}
