using Npgsql;

namespace JointPunishment.Storage.Accountability;

/// <summary>Complaints in <c>jp_complaint</c> (四(二)8). A complaint is resolved once: the update only matches an open row.</summary>
public sealed class ComplaintStore(NpgsqlDataSource dataSource)
{
    private const string Columns = """
        id, agency, subject_key, subject_type, subject_masked, subject_name, description, contact,
        status, response, punishment_applied, filed_at, resolved_at
        """;

    public async Task AddAsync(Complaint complaint, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"""
            INSERT INTO jp_complaint ({Columns}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = complaint.Id });
        command.Parameters.Add(new NpgsqlParameter { Value = complaint.Agency });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)complaint.SubjectKey ?? DBNull.Value });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)complaint.SubjectType ?? DBNull.Value });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)complaint.SubjectMasked ?? DBNull.Value });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)complaint.SubjectName ?? DBNull.Value });
        command.Parameters.Add(new NpgsqlParameter { Value = complaint.Description });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)complaint.Contact ?? DBNull.Value });
        command.Parameters.Add(new NpgsqlParameter { Value = (short)complaint.Status });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)complaint.Response ?? DBNull.Value });
        command.Parameters.Add(new NpgsqlParameter { Value = complaint.PunishmentApplied });
        command.Parameters.Add(new NpgsqlParameter { Value = complaint.FiledAt });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)complaint.ResolvedAt ?? DBNull.Value });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<Complaint?> GetAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"SELECT {Columns} FROM jp_complaint WHERE id = $1");
        command.Parameters.Add(new NpgsqlParameter { Value = id });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? Read(reader) : null;
    }

    /// <summary>The complaints against <paramref name="agency"/> (null: all), newest first.</summary>
    public async Task<IReadOnlyList<Complaint>> ListAsync(string? agency, ComplaintStatus? status, int limit, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"""
            SELECT {Columns} FROM jp_complaint
             WHERE ($1::text IS NULL OR agency = $1) AND ($2::smallint IS NULL OR status = $2)
             ORDER BY filed_at DESC, id DESC LIMIT $3
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)agency ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = status is { } s ? (short)s : DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Smallint });
        command.Parameters.Add(new NpgsqlParameter { Value = limit });
        var complaints = new List<Complaint>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            complaints.Add(Read(reader));
        }

        return complaints;
    }

    /// <summary>Records the agency's finding, once. Only the agency complained about matches; for anyone else the complaint does not exist.</summary>
    public async Task<ComplaintResolution> ResolveAsync(
        Guid id, string agency, ComplaintStatus finding, string response, bool punishmentApplied, DateTimeOffset at, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            WITH target AS (SELECT id, status FROM jp_complaint WHERE id = $1 AND agency = $2 FOR UPDATE),
                 updated AS (
                     UPDATE jp_complaint c SET status = $3, response = $4, punishment_applied = $5, resolved_at = $6
                       FROM target t WHERE c.id = t.id AND t.status = 0
                     RETURNING 1)
            SELECT (SELECT status FROM target), (SELECT count(*) FROM updated)
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = id });
        command.Parameters.Add(new NpgsqlParameter { Value = agency });
        command.Parameters.Add(new NpgsqlParameter { Value = (short)finding });
        command.Parameters.Add(new NpgsqlParameter { Value = response });
        command.Parameters.Add(new NpgsqlParameter { Value = punishmentApplied });
        command.Parameters.Add(new NpgsqlParameter { Value = at });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        if (reader.IsDBNull(0))
        {
            return ComplaintResolution.NotFound;
        }

        return reader.GetInt64(1) == 1 ? ComplaintResolution.Resolved : ComplaintResolution.AlreadyResolved;
    }

    private static Complaint Read(NpgsqlDataReader reader) => new(
        reader.GetGuid(0),
        reader.GetString(1),
        reader.IsDBNull(2) ? null : reader.GetString(2),
        reader.IsDBNull(3) ? null : reader.GetString(3),
        reader.IsDBNull(4) ? null : reader.GetString(4),
        reader.IsDBNull(5) ? null : reader.GetString(5),
        reader.GetString(6),
        reader.IsDBNull(7) ? null : reader.GetString(7),
        (ComplaintStatus)reader.GetInt16(8),
        reader.IsDBNull(9) ? null : reader.GetString(9),
        reader.GetBoolean(10),
        reader.GetFieldValue<DateTimeOffset>(11),
        reader.IsDBNull(12) ? null : reader.GetFieldValue<DateTimeOffset>(12));
}
