using JointPunishment.Grains.Interfaces;
using JointPunishment.Grains.Principals;
using Npgsql;

namespace JointPunishment.Storage.Directory;

/// <summary>The public directory of agencies in <c>jp_agency</c>: written by the agency grains, read by the gateway.</summary>
public sealed class PostgresAgencyDirectory(NpgsqlDataSource dataSource) : IAgencyDirectory
{
    public async Task ProjectAsync(string code, string name, bool active, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            INSERT INTO jp_agency (code, name, active) VALUES ($1, $2, $3)
            ON CONFLICT (code) DO UPDATE SET name = excluded.name, active = excluded.active
             WHERE (jp_agency.name, jp_agency.active) IS DISTINCT FROM (excluded.name, excluded.active)
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = code });
        command.Parameters.Add(new NpgsqlParameter { Value = name });
        command.Parameters.Add(new NpgsqlParameter { Value = active });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>The active agencies, by name.</summary>
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

    /// <summary>
    /// The grain keys of agencies whose state is stored but which are not in the directory: registered before it existed.
    /// Only the keys (the row's clear <c>grainidextensionstring</c>) are read; the states are encrypted and stay so.
    /// </summary>
    public async Task<IReadOnlyList<string>> UnprojectedAgencyKeysAsync(CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            SELECT DISTINCT s.grainidextensionstring FROM orleansstorage s
             WHERE s.grainidextensionstring LIKE $1 || '%'
               AND NOT EXISTS (SELECT FROM jp_agency a WHERE $1 || a.code = s.grainidextensionstring)
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = GrainKeys.AgencyPrefix });
        var keys = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            keys.Add(reader.GetString(0));
        }

        return keys;
    }
}
