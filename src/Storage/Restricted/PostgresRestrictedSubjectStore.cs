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

    public async Task<LeaseHorizon> TakeLeaseEpochAsync(int shard, CancellationToken cancellationToken)
    {
        // A shard that never had a horizon gets one long past: no lease was ever granted. Both times are the server's
        // clock_timestamp(), so no silo's clock takes part.
        await using var command = dataSource.CreateCommand("""
            INSERT INTO jp_index_lease_horizon AS h (shard, leases_until, epoch) VALUES ($1, timestamptz '2000-01-01 00:00Z', 1)
            ON CONFLICT (shard) DO UPDATE SET epoch = h.epoch + 1
            RETURNING h.epoch, h.leases_until - clock_timestamp()
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = (short)shard });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return new LeaseHorizon(reader.GetInt64(0), reader.GetFieldValue<TimeSpan>(1));
    }

    public async Task<bool> ExtendLeaseHorizonAsync(int shard, long epoch, TimeSpan ahead, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            UPDATE jp_index_lease_horizon SET leases_until = greatest(leases_until, clock_timestamp() + $3)
            WHERE shard = $1 AND epoch = $2
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = (short)shard });
        command.Parameters.Add(new NpgsqlParameter { Value = epoch });
        command.Parameters.Add(new NpgsqlParameter { Value = ahead, NpgsqlDbType = NpgsqlDbType.Interval });
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    public async Task<long> LeaseEpochAsync(int shard, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("SELECT epoch FROM jp_index_lease_horizon WHERE shard = $1");
        command.Parameters.Add(new NpgsqlParameter { Value = (short)shard });
        return await command.ExecuteScalarAsync(cancellationToken) is long epoch ? epoch : 0;
    }
}
