using System.Text;
using JointPunishment.Grains;
using JointPunishment.Grains.Federation;
using JointPunishment.Grains.Interfaces.Model;
using JointPunishment.Grains.Subjects;
using JointPunishment.Grains.Subjects.Bulk;
using JointPunishment.Silo.Rekeying;
using JointPunishment.Storage;
using JointPunishment.Storage.Encryption;
using JointPunishment.Storage.Federation;
using JointPunishment.Storage.Watchlists;
using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;
using Orleans.Configuration;
using Orleans.Storage;

namespace JointPunishment.Silo.Extensions;

/// <summary>
/// Writes new subjects' first rows for the follower's bulk path (<see cref="ISubjectBulkStore"/>) in one transaction:
/// one multi-row INSERT into <c>orleansstorage</c> keyed, versioned and serialized exactly as the ADO.NET provider
/// (<c>AdoNetGrainStorage.WriteStateAsync</c> with no version yet: version 1, the provider's hasher over the same bytes,
/// the storage's own serializer with the payload sealed for its row), then the subject projections of all of them
/// set-based (<see cref="IPostgresSubjectProjection.FirstCommands"/>: a statement a projection for the page, writing what their
/// grains' first projections would), then the record and feed entries (<see cref="PostgresFollowedEventLog.Commands"/>,
/// last as the feed's counter requires). A row that exists already, state or projection, is not overwritten: the
/// transaction is rolled back and those keys answered, for their grains to apply. The transaction holds
/// <see cref="WatchlistStore.BulkWriteGuard"/> first, so a watchlist member added meanwhile is projected after it.
/// </summary>
public sealed class PostgresSubjectBulkStore(
    NpgsqlDataSource dataSource,
    IOptionsMonitor<AdoNetGrainStorageOptions> storageOptions,
    IOptions<ClusterOptions> cluster,
    IEnumerable<IPostgresSubjectProjection> projections,
    FederationLog log) : ISubjectBulkStore
{
    /// <summary>The subject grain's state name (<c>[PersistentState("state", StorageNames.Main)]</c>): the provider's grain type string.</summary>
    public const string StateName = "state";

    private static readonly IStorageHasherPicker DefaultHasherPicker = new StorageHasherPicker([new OrleansDefaultHasher()]);
    private static readonly byte[] StateNameBytes = Encoding.UTF8.GetBytes(StateName);
    private readonly IPostgresSubjectProjection[] _projections = [.. projections];

    public IPreparedSubjectWrite Prepare(IReadOnlyList<NewSubjectState> subjects, IReadOnlyList<(string SubjectKey, CourtEvent Event)> applied)
    {
        ArgumentNullException.ThrowIfNull(subjects);
        var options = storageOptions.Get(StorageNames.Main);
        var serviceId = cluster.Value.ServiceId;
        var picker = options.HashPicker ?? DefaultHasherPicker;
        var grainIdHashes = new int[subjects.Count];
        var grainTypeHashes = new int[subjects.Count];
        var keys = new string[subjects.Count];
        var payloads = new byte[subjects.Count][];
        var snapshots = new List<SubjectSnapshot>(subjects.Count);
        for (var i = 0; i < subjects.Count; i++)
        {
            var (grainId, key, state) = subjects[i];
            var row = GrainStateRow.For(StateName, grainId);
            if (row.N0 != 0 || row.N1 != 0 || row.Extension != key)
            {
                throw new ArgumentException($"subject key '{key}' is not stored as a string key", nameof(subjects));
            }

            var hasher = picker.PickHasher(serviceId, StorageNames.Main, StateName, grainId, new GrainState<SubjectState>(state))!;
            grainIdHashes[i] = hasher.Hash(AdoNetStringKey.HashBytes(key));
            grainTypeHashes[i] = hasher.Hash(StateNameBytes);
            keys[i] = key;
            payloads[i] = row.Serialize(options.GrainStorageSerializer, state).ToArray();
            if (SubjectChanges.Snapshot(key, state, forWatchers: false) is { } snapshot)
            {
                snapshots.Add(snapshot);
            }
        }

        var insert = new NpgsqlBatchCommand("""
            INSERT INTO orleansstorage (grainidhash, grainidn0, grainidn1, graintypehash, graintypestring,
                                        grainidextensionstring, serviceid, payloadbinary, modifiedon, version)
            SELECT u.idhash, 0, 0, u.typehash, $1, u.key, $2, u.payload, now(), 1
              FROM unnest($3::integer[], $4::integer[], $5::text[], $6::bytea[]) AS u (idhash, typehash, key, payload)
            ON CONFLICT DO NOTHING
            RETURNING grainidextensionstring
            """);
        insert.Parameters.Add(new NpgsqlParameter { Value = StateName, NpgsqlDbType = NpgsqlDbType.Varchar });
        insert.Parameters.Add(new NpgsqlParameter { Value = serviceId, NpgsqlDbType = NpgsqlDbType.Varchar });
        insert.Parameters.Add(new NpgsqlParameter { Value = grainIdHashes });
        insert.Parameters.Add(new NpgsqlParameter { Value = grainTypeHashes });
        insert.Parameters.Add(new NpgsqlParameter { Value = keys });
        insert.Parameters.Add(new NpgsqlParameter { Value = payloads });

        // Projection by projection in their order, as every projection batch takes shared rows; set-based for these new
        // subjects, each statement naming in its "held" column any subject it found rows of already. The record and
        // feed entries last, as the feed's counter requires.
        List<NpgsqlBatchCommand> rest = [.. _projections.SelectMany(p => p.FirstCommands(snapshots)), .. PostgresFollowedEventLog.Commands(log, applied)];
        return new PreparedWrite(dataSource, keys, insert, rest);
    }

    /// <summary>The statements of one page's write, made; run in one transaction.</summary>
    private sealed class PreparedWrite(NpgsqlDataSource dataSource, string[] keys, NpgsqlBatchCommand insert, List<NpgsqlBatchCommand> rest) : IPreparedSubjectWrite
    {
        public async Task<IReadOnlyCollection<string>> WriteAsync(Task named, CancellationToken cancellationToken)
        {
            ArgumentNullException.ThrowIfNull(named);
            await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            var inserted = new HashSet<string>(StringComparer.Ordinal);
            await using (var batch = new NpgsqlBatch(connection, transaction) { BatchCommands = { WatchlistStore.BulkWriteGuard(), insert } })
            {
                await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
                // Past the guard's result to the insert's.
                await reader.NextResultAsync(cancellationToken);
                while (await reader.ReadAsync(cancellationToken))
                {
                    inserted.Add(reader.GetString(0));
                }
            }

            if (inserted.Count < keys.Length)
            {
                await transaction.RollbackAsync(cancellationToken);
                await named;
                return [.. keys.Where(k => !inserted.Contains(k))];
            }

            IReadOnlyCollection<string> held;
            await using (var batch = new NpgsqlBatch(connection, transaction))
            {
                rest.ForEach(batch.BatchCommands.Add);
                held = await FirstProjection.ExecuteAsync(batch, cancellationToken);
            }

            if (held.Count > 0)
            {
                // Rows of an earlier life of these subjects' projections: their grains judge them by revision, one call each.
                await transaction.RollbackAsync(cancellationToken);
                await named;
                return held;
            }

            // Named in the index before the commit (a failure to name them fails the page, and the transaction rolls back).
            await named;
            await transaction.CommitAsync(cancellationToken);
            return [];
        }
    }
}
