using JointPunishment.Grains.Checks;
using Npgsql;
using NpgsqlTypes;

namespace JointPunishment.Storage.Restricted;

public sealed class PostgresRestrictedSubjectStore(NpgsqlDataSource dataSource) : IRestrictedSubjectStore
{
    public async Task<long[]> LoadRangeAsync(long from, long to, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("SELECT key_hash FROM jp_restricted_subject WHERE key_hash BETWEEN $1 AND $2");
        command.Parameters.Add(new NpgsqlParameter { Value = from });
        command.Parameters.Add(new NpgsqlParameter { Value = to });
        var hashes = new List<long>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            hashes.Add(reader.GetInt64(0));
        }

        return [.. hashes];
    }

    public async Task AddAsync(IReadOnlyCollection<long> keyHashes, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            "INSERT INTO jp_restricted_subject (key_hash) SELECT unnest($1) ON CONFLICT DO NOTHING");
        command.Parameters.Add(new NpgsqlParameter { Value = keyHashes.ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bigint });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<DateTimeOffset?> LeaseHorizonAsync(int shard, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("SELECT leases_until FROM jp_index_lease_horizon WHERE shard = $1");
        command.Parameters.Add(new NpgsqlParameter { Value = (short)shard });
        return await command.ExecuteScalarAsync(cancellationToken) is DateTime until ? new DateTimeOffset(until, TimeSpan.Zero) : null;
    }

    public async Task ExtendLeaseHorizonAsync(int shard, DateTimeOffset until, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            INSERT INTO jp_index_lease_horizon (shard, leases_until) VALUES ($1, $2)
            ON CONFLICT (shard) DO UPDATE SET leases_until = greatest(jp_index_lease_horizon.leases_until, excluded.leases_until)
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = (short)shard });
        command.Parameters.Add(new NpgsqlParameter { Value = until });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
