using System.Text.Json;
using Npgsql;
using NpgsqlTypes;

namespace JointPunishment.Storage.Audit;

/// <summary>
/// Appends operator and court actions to <c>jp_audit</c> before the action is answered, so an acknowledged
/// action is always on record. Details must never hold identity numbers (use case numbers, event ids, codes).
/// </summary>
public sealed class AuditLog(NpgsqlDataSource dataSource)
{
    public async Task RecordAsync(string actorRole, string actorCode, string action, string target, object? detail = null, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand(
            "INSERT INTO jp_audit (actor_role, actor_code, action, target, detail) VALUES ($1, $2, $3, $4, $5)");
        command.Parameters.Add(new NpgsqlParameter { Value = actorRole });
        command.Parameters.Add(new NpgsqlParameter { Value = actorCode });
        command.Parameters.Add(new NpgsqlParameter { Value = action });
        command.Parameters.Add(new NpgsqlParameter { Value = target });
        command.Parameters.Add(new NpgsqlParameter { Value = JsonSerializer.Serialize(detail ?? new { }), NpgsqlDbType = NpgsqlDbType.Jsonb });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Entries after <paramref name="afterId"/>, oldest first.</summary>
    public async Task<IReadOnlyList<AuditEntry>> ReadAsync(long afterId, int limit, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand(
            "SELECT id, at, actor_role, actor_code, action, target, detail::text FROM jp_audit WHERE id > $1 ORDER BY id LIMIT $2");
        command.Parameters.Add(new NpgsqlParameter { Value = afterId });
        command.Parameters.Add(new NpgsqlParameter { Value = limit });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var entries = new List<AuditEntry>();
        while (await reader.ReadAsync(cancellationToken))
        {
            entries.Add(new AuditEntry(
                reader.GetInt64(0), reader.GetFieldValue<DateTimeOffset>(1), reader.GetString(2), reader.GetString(3),
                reader.GetString(4), reader.GetString(5), JsonDocument.Parse(reader.GetString(6)).RootElement.Clone()));
        }

        return entries;
    }
}
