using JointPunishment.Grains.Domain.Identity;
using JointPunishment.Grains.Domain.PublicList;
using JointPunishment.Grains.Subjects;
using Npgsql;
using NpgsqlTypes;

namespace JointPunishment.Storage.RedList;

/// <summary>
/// Keeps <c>jp_red_list</c> (migration 0027), the red list (诚信典型, 五(三)) the public queries by name, in step with the
/// subject grains' entries, in the batch of the change that stores them. Idempotent by revision; a subject that never
/// had an entry costs no statement. Names are normalised as for the public list; numbers are stored only masked.
/// </summary>
public sealed class PostgresRedListProjection : IPostgresSubjectProjection
{
    public IEnumerable<NpgsqlBatchCommand> Commands(SubjectSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        if (snapshot.RedList is not { } entry)
        {
            return [];
        }

        var command = new NpgsqlBatchCommand("""
            INSERT INTO jp_red_list (subject_key, revision, name, id_type, id_masked, category, since, until, exited_on, exit_reason)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
            ON CONFLICT (subject_key) DO UPDATE
               SET revision = excluded.revision, name = excluded.name, id_type = excluded.id_type, id_masked = excluded.id_masked,
                   category = excluded.category, since = excluded.since, until = excluded.until,
                   exited_on = excluded.exited_on, exit_reason = excluded.exit_reason
             WHERE jp_red_list.revision < excluded.revision
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = snapshot.SubjectKey });
        command.Parameters.Add(new NpgsqlParameter { Value = snapshot.Revision });
        command.Parameters.Add(new NpgsqlParameter { Value = SubjectNames.Normalise(snapshot.Subject.Name) });
        command.Parameters.Add(new NpgsqlParameter { Value = IdentityParser.ToWire(snapshot.Subject.IdType) });
        command.Parameters.Add(new NpgsqlParameter { Value = IdentityMask.Mask(snapshot.Subject.IdType, snapshot.Subject.IdNumber) });
        command.Parameters.Add(new NpgsqlParameter { Value = entry.Category });
        command.Parameters.Add(new NpgsqlParameter { Value = entry.Since });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)entry.Until ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Date });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)entry.ExitedOn ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Date });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)entry.ExitReason ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        return [command];
    }
}
