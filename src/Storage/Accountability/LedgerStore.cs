using Npgsql;

namespace JointPunishment.Storage.Accountability;

/// <summary>Reads an agency's accountability record and stores notices (四(三), 四(四)). One round trip per ledger.</summary>
public sealed class LedgerStore(NpgsqlDataSource dataSource)
{
    public async Task<AgencyNotice> AddNoticeAsync(string agency, NoticeKind kind, string reason, DateTimeOffset at, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            "INSERT INTO jp_agency_notice (agency, kind, reason, issued_at) VALUES ($1, $2, $3, $4) RETURNING id");
        command.Parameters.Add(new NpgsqlParameter { Value = agency });
        command.Parameters.Add(new NpgsqlParameter { Value = (short)kind });
        command.Parameters.Add(new NpgsqlParameter { Value = reason });
        command.Parameters.Add(new NpgsqlParameter { Value = at });
        var id = (long)(await command.ExecuteScalarAsync(cancellationToken))!;
        return new AgencyNotice(id, agency, kind, reason, at);
    }

    public async Task<LedgerRecord> ReadAsync(string agency, CancellationToken cancellationToken)
    {
        await using var batch = dataSource.CreateBatch();
        Add(batch, """
            SELECT coalesce(sum(checks), 0)::bigint, coalesce(sum(checks) FILTER (WHERE decision > 0), 0)::bigint
              FROM jp_check_count WHERE agency = $1
            """, agency);
        Add(batch, """
            SELECT count(*) FILTER (WHERE outcome = 1), count(*) FILTER (WHERE outcome = 2),
                   count(*) FILTER (WHERE outcome = 3), count(*) FILTER (WHERE outcome = 2 AND decision = 4)
              FROM jp_feedback WHERE agency = $1
            """, agency);
        Add(batch, "SELECT count(*) FROM jp_complaint WHERE agency = $1 AND status = 1", agency);
        Add(batch, "SELECT id, kind, reason, issued_at FROM jp_agency_notice WHERE agency = $1 ORDER BY issued_at, id", agency);
        Add(batch, """
            WITH interview AS (SELECT max(issued_at) AS at FROM jp_agency_notice WHERE agency = $1 AND kind = 2)
            SELECT least(
                (SELECT min(received_at) FROM jp_feedback, interview
                  WHERE agency = $1 AND outcome = 2 AND decision = 4 AND received_at > interview.at),
                (SELECT min(resolved_at) FROM jp_complaint, interview
                  WHERE agency = $1 AND status = 1 AND resolved_at > interview.at))
            """, agency);

        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        var (checks, hits) = (reader.GetInt64(0), reader.GetInt64(1));
        await reader.NextResultAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        var (refused, served, reviewed, servedOnBlock) = (reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3));
        await reader.NextResultAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        var justified = reader.GetInt64(0);
        await reader.NextResultAsync(cancellationToken);
        var notices = new List<AgencyNotice>();
        while (await reader.ReadAsync(cancellationToken))
        {
            notices.Add(new AgencyNotice(reader.GetInt64(0), agency, (NoticeKind)reader.GetInt16(1), reader.GetString(2), reader.GetFieldValue<DateTimeOffset>(3)));
        }

        await reader.NextResultAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        DateTimeOffset? failureAfterInterview = reader.IsDBNull(0) ? null : reader.GetFieldValue<DateTimeOffset>(0);
        return new LedgerRecord(checks, hits, refused, served, reviewed, servedOnBlock, justified, notices, failureAfterInterview);
    }

    private static void Add(NpgsqlBatch batch, string sql, string agency)
    {
        var command = batch.CreateBatchCommand();
        command.CommandText = sql;
        command.Parameters.Add(new NpgsqlParameter { Value = agency });
        batch.BatchCommands.Add(command);
    }
}
