using JointPunishment.Grains.Interfaces;
using JointPunishment.Grains.Interfaces.Principals;
using JointPunishment.Grains.Principals;
using Npgsql;
using NpgsqlTypes;

namespace JointPunishment.Storage.Directory;

/// <summary>
/// The directory of principals, written by the principal grains and read by the gateway: every agency, court and feed
/// consumer in <c>jp_principal</c> (the operator's lists), and the agencies also in <c>jp_agency</c> (the public's
/// choice of agency, code and name only).
/// </summary>
public sealed class PostgresPrincipalDirectory(NpgsqlDataSource dataSource) : IPrincipalDirectory
{
    private const string Columns = "kind, code, name, active, measures, higher_court, consumer_role, registered_at, key_changed_at";

    public async Task ProjectAsync(PrincipalEntry entry, CancellationToken cancellationToken)
    {
        // One statement, so the public and the operator's directories never disagree about an agency.
        await using var command = dataSource.CreateCommand($"""
            WITH public_agency AS (
                INSERT INTO jp_agency (code, name, active) SELECT $2, $3, $4 WHERE $1 = 'agency'
                ON CONFLICT (code) DO UPDATE SET name = excluded.name, active = excluded.active
                 WHERE (jp_agency.name, jp_agency.active) IS DISTINCT FROM (excluded.name, excluded.active))
            INSERT INTO jp_principal ({Columns}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
            ON CONFLICT (kind, code) DO UPDATE SET name = excluded.name, active = excluded.active, measures = excluded.measures,
                   higher_court = excluded.higher_court, consumer_role = excluded.consumer_role,
                   registered_at = excluded.registered_at, key_changed_at = excluded.key_changed_at
             WHERE (jp_principal.name, jp_principal.active, jp_principal.measures, jp_principal.higher_court,
                    jp_principal.consumer_role, jp_principal.registered_at, jp_principal.key_changed_at)
                   IS DISTINCT FROM (excluded.name, excluded.active, excluded.measures, excluded.higher_court,
                    excluded.consumer_role, excluded.registered_at, excluded.key_changed_at)
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = entry.Kind, NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = entry.Code, NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = entry.Name, NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = entry.Active, NpgsqlDbType = NpgsqlDbType.Boolean });
        command.Parameters.Add(new NpgsqlParameter { Value = entry.Measures.ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)entry.HigherCourt ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = entry.ConsumerRole is { } role ? (short)role : DBNull.Value, NpgsqlDbType = NpgsqlDbType.Smallint });
        command.Parameters.Add(new NpgsqlParameter { Value = entry.RegisteredAt, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)entry.KeyChangedAt ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>The active agencies, by name (the public's choice of agency).</summary>
    public async Task<IReadOnlyList<DirectoryAgency>> ListActiveAsync(CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("SELECT code, name FROM jp_agency WHERE active ORDER BY name, code");
        var agencies = new List<DirectoryAgency>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            agencies.Add(new DirectoryAgency(reader.GetString(0), reader.GetString(1)));
        }

        return agencies;
    }

    /// <summary>Up to <paramref name="limit"/> principals of <paramref name="kind"/> with a code after <paramref name="after"/> (null: from the first), by code; revoked ones too.</summary>
    public async Task<IReadOnlyList<PrincipalEntry>> ListAsync(string kind, string? after, int limit, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"""
            SELECT {Columns} FROM jp_principal WHERE kind = $1 AND ($2::text IS NULL OR code > $2) ORDER BY code LIMIT $3
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = kind, NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)after ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = limit, NpgsqlDbType = NpgsqlDbType.Integer });
        var entries = new List<PrincipalEntry>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            entries.Add(Read(reader));
        }

        return entries;
    }

    /// <summary>The principal of <paramref name="kind"/> registered as <paramref name="code"/>, revoked or not; null when none is.</summary>
    public async Task<PrincipalEntry?> GetAsync(string kind, string code, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"SELECT {Columns} FROM jp_principal WHERE kind = $1 AND code = $2");
        command.Parameters.Add(new NpgsqlParameter { Value = kind, NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = code, NpgsqlDbType = NpgsqlDbType.Text });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? Read(reader) : null;
    }

    /// <summary>
    /// The grain keys of agencies, courts and consumers whose state is stored but which are not in the directory:
    /// registered before it existed. Only the keys (the row's clear <c>grainidextensionstring</c>) are read; the states
    /// are encrypted and stay so.
    /// </summary>
    public async Task<IReadOnlyList<string>> UnprojectedPrincipalKeysAsync(CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            SELECT DISTINCT s.grainidextensionstring FROM orleansstorage s
             WHERE (s.grainidextensionstring LIKE $1 || '%' OR s.grainidextensionstring LIKE $2 || '%' OR s.grainidextensionstring LIKE $3 || '%')
               AND NOT EXISTS (SELECT FROM jp_principal p WHERE p.kind || ':' || p.code = s.grainidextensionstring)
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = GrainKeys.AgencyPrefix });
        command.Parameters.Add(new NpgsqlParameter { Value = GrainKeys.CourtPrefix });
        command.Parameters.Add(new NpgsqlParameter { Value = GrainKeys.ConsumerPrefix });
        var keys = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            keys.Add(reader.GetString(0));
        }

        return keys;
    }

    private static PrincipalEntry Read(NpgsqlDataReader reader) => new(
        reader.GetString(0),
        reader.GetString(1),
        reader.GetString(2),
        reader.GetBoolean(3),
        [.. reader.GetFieldValue<string[]>(4)],
        reader.IsDBNull(5) ? null : reader.GetString(5),
        reader.IsDBNull(6) ? null : (ConsumerRole)reader.GetInt16(6),
        reader.GetFieldValue<DateTimeOffset>(7),
        reader.IsDBNull(8) ? null : reader.GetFieldValue<DateTimeOffset>(8));
}
