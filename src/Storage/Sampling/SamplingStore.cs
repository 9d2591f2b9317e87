using System.Globalization;
using Npgsql;

namespace JointPunishment.Storage.Sampling;

/// <summary>Records inspection draws in <c>jp_sampling_draw</c> and reads them back.</summary>
public sealed class SamplingStore(NpgsqlDataSource dataSource)
{
    private const string Columns = """
        id, agency, drawn_by, drawn_at, seed, rate, key_rate, population, population_digest, key_targets, selected, selected_refs, selected_keys
        """;

    public async Task AddAsync(SamplingDraw draw, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"""
            INSERT INTO jp_sampling_draw ({Columns}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = draw.Id });
        command.Parameters.Add(new NpgsqlParameter { Value = draw.Agency });
        command.Parameters.Add(new NpgsqlParameter { Value = draw.DrawnBy });
        command.Parameters.Add(new NpgsqlParameter { Value = draw.DrawnAt });
        command.Parameters.Add(new NpgsqlParameter { Value = draw.Seed.ToString(CultureInfo.InvariantCulture) });
        command.Parameters.Add(new NpgsqlParameter { Value = draw.Rate });
        command.Parameters.Add(new NpgsqlParameter { Value = draw.KeyRate });
        command.Parameters.Add(new NpgsqlParameter { Value = draw.Population });
        command.Parameters.Add(new NpgsqlParameter { Value = draw.PopulationDigest });
        command.Parameters.Add(new NpgsqlParameter { Value = draw.KeyTargets.ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = draw.Selected.ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = draw.SelectedRefs.ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = draw.SelectedKeys.ToArray() });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<SamplingDraw?> GetAsync(string agency, Guid id, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"SELECT {Columns} FROM jp_sampling_draw WHERE id = $1 AND agency = $2");
        command.Parameters.Add(new NpgsqlParameter { Value = id });
        command.Parameters.Add(new NpgsqlParameter { Value = agency });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? Read(reader) : null;
    }

    private static SamplingDraw Read(NpgsqlDataReader r) => new(
        r.GetGuid(0), r.GetString(1), r.GetString(2), r.GetFieldValue<DateTimeOffset>(3),
        ulong.Parse(r.GetString(4), CultureInfo.InvariantCulture), r.GetDouble(5), r.GetDouble(6), r.GetInt32(7), r.GetString(8),
        r.GetFieldValue<int[]>(9), r.GetFieldValue<int[]>(10), r.GetFieldValue<string[]>(11), r.GetFieldValue<string[]>(12));
}
