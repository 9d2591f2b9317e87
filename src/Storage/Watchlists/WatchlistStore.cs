using System.Globalization;
using System.Security.Cryptography;
using JointPunishment.Grains.Interfaces.Model;
using JointPunishment.Storage.Encryption;
using JointPunishment.Storage.Telemetry;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace JointPunishment.Storage.Watchlists;

/// <summary>
/// Agencies' watchlists in PostgreSQL (migrations 0032, 0033): a watchlist is (agency, name) with one measure, fixed
/// when it is first used; its members are the agency's refs with the subject's key (the keyed hash) and the identity
/// sealed beside it (<see cref="MemberPurpose"/>, bound to the watchlist and ref; never the number in clear), from which
/// <c>rekey-subjects</c> derives the key again. A request's removals and additions are one transaction: two round trips
/// in all, whatever the number of members.
/// </summary>
public sealed partial class WatchlistStore(
    NpgsqlDataSource dataSource, [FromKeyedServices(WatchlistStore.MemberPurpose)] SecretProtector identities, ILogger<WatchlistStore> logger)
{
    /// <summary>The purpose the members' identities are sealed for.</summary>
    public const string MemberPurpose = SecretProtector.WatchMemberPurpose;

    /// <summary>
    /// The advisory lock between bulk writes of new subjects (<see cref="BulkWriteGuard"/>, shared) and members added
    /// (<see cref="UpdateAsync"/>, exclusive for an instant once they are committed).
    /// </summary>
    private const long BulkWriteLock = 0x6A705F7761746368; // "jp_watch"

    /// <summary>The longest a members' request waits for the bulk writes under way (a bulk write takes well under a second).</summary>
    private static readonly TimeSpan BulkWriteWait = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Removes <paramref name="remove"/>, then adds <paramref name="add"/> (a ref already there gets the new subject and,
    /// if it is another subject, starts from <c>allow</c>: the caller projects it again). Nothing changes when the
    /// watchlist exists with another measure.
    /// </summary>
    public async Task<WatchlistUpdate> UpdateAsync(
        string agency, string name, string measure, IReadOnlyList<WatchMember> add, IReadOnlyList<string> remove, CancellationToken cancellationToken)
    {
        var (id, existing) = await WatchlistAsync(agency, name, measure, cancellationToken);
        if (existing != measure)
        {
            return new WatchlistUpdate(0, 0, existing);
        }

        // Sorted, so two requests on the same watchlist lock its rows in one order and cannot deadlock.
        var members = add.OrderBy(m => m.Ref, StringComparer.Ordinal).ToArray();
        var refs = members.Select(m => m.Ref).ToArray();
        var sealedIdentities = identities.Protect(
            [.. members.Select(m => string.Create(CultureInfo.InvariantCulture, $"{(int)m.IdType}:{m.IdNumber}"))], [.. refs.Select(r => MemberOwner(id, r))]);

        await using var batch = dataSource.CreateBatch();
        var delete = new NpgsqlBatchCommand("DELETE FROM jp_watch_member WHERE watchlist_id = $1 AND ref = ANY($2)");
        delete.Parameters.Add(new NpgsqlParameter { Value = id });
        delete.Parameters.Add(new NpgsqlParameter { Value = remove.ToArray() });
        batch.BatchCommands.Add(delete);
        // A ref kept with the same subject keeps its decision; one stored before migration 0033 gets its identity sealed.
        var insert = new NpgsqlBatchCommand("""
            INSERT INTO jp_watch_member (watchlist_id, ref, subject_key, subject)
            SELECT $1, r, k, s FROM unnest($2::text[], $3::text[], $4::text[]) AS u (r, k, s)
            ON CONFLICT (watchlist_id, ref) DO UPDATE
               SET subject_key = EXCLUDED.subject_key, subject = EXCLUDED.subject,
                   decision = CASE WHEN jp_watch_member.subject_key = EXCLUDED.subject_key THEN jp_watch_member.decision ELSE 0 END
             WHERE jp_watch_member.subject_key <> EXCLUDED.subject_key OR jp_watch_member.subject IS NULL
            """);
        insert.Parameters.Add(new NpgsqlParameter { Value = id });
        insert.Parameters.Add(new NpgsqlParameter { Value = refs });
        insert.Parameters.Add(new NpgsqlParameter { Value = members.Select(m => m.SubjectKey).ToArray() });
        insert.Parameters.Add(new NpgsqlParameter { Value = sealedIdentities });
        batch.BatchCommands.Add(insert);
        await batch.ExecuteNonQueryAsync(cancellationToken);
        if (add.Count > 0)
        {
            await WaitForBulkWritesAsync(cancellationToken);
        }

        return new WatchlistUpdate(add.Count, delete.RecordsAffected);
    }

    /// <summary>
    /// The first statement of a transaction that writes new subjects' rows in bulk (the follower's pages, a court's
    /// request): holds <see cref="BulkWriteLock"/> shared until it ends, so a member added meanwhile is projected only
    /// after it (<see cref="WaitForBulkWritesAsync"/>).
    /// </summary>
    public static NpgsqlBatchCommand BulkWriteGuard() => new($"SELECT pg_advisory_xact_lock_shared({BulkWriteLock.ToString(CultureInfo.InvariantCulture)})");

    /// <summary>
    /// Waits until every bulk write that began before the members were committed has ended. The caller then has the
    /// members' subjects project themselves again (their grains read their rows first): a bulk write whose watch
    /// projection ran before the members were committed (so it could not alert them) has committed its rows by then,
    /// and one that began after them sees them in its own projection. Without it, a member added while a bulk write is
    /// open could miss its alert: its grain would find no row yet, and the write's projection no member.
    /// </summary>
    private async Task WaitForBulkWritesAsync(CancellationToken cancellationToken)
    {
        // Exclusive for an instant (its transaction ends with the wait): members added at the same time do not wait for
        // each other. Bounded: a bulk write cannot hold members' requests (nor, queued behind them, the next bulk writes)
        // longer than BulkWriteWait; past it the members are projected anyway, and logged.
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using var batch = new NpgsqlBatch(connection, transaction)
        {
            BatchCommands =
            {
                new($"SET LOCAL lock_timeout = {(int)BulkWriteWait.TotalMilliseconds}"),
                new($"SELECT pg_advisory_xact_lock({BulkWriteLock.ToString(CultureInfo.InvariantCulture)})"),
            },
        };
        try
        {
            await batch.ExecuteNonQueryAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.LockNotAvailable)
        {
            LogBulkWriteWaitExceeded(BulkWriteWait);
        }
    }

    [LoggerMessage(EventId = StorageEventIds.WatchBulkWriteWaitExceeded, Level = LogLevel.Warning,
        Message = "Members were added while a bulk write of new subjects stayed open longer than {Wait}; they are projected without waiting for it, so one it lists may be alerted only with its next change")]
    private partial void LogBulkWriteWaitExceeded(TimeSpan wait);

    /// <summary>The sealed identities (<c>jp_watch_member.subject</c>, owner = <see cref="MemberOwner"/>), for <c>reencrypt</c> and <c>rekey-subjects</c>.</summary>
    public static SealedColumn SealedMembers(SecretProtector protector) =>
        new("jp_watch_member", ["watchlist_id", "ref"], "watchlist_id || E'\\n' || ref", "subject", protector);

    /// <summary>
    /// The identity a member keeps sealed (<paramref name="owner"/> as <see cref="SealedMembers"/> reads it), for the
    /// subject-key rotation, which derives its key again; <see cref="CryptographicException"/> when
    /// <paramref name="protector"/> cannot open it or it holds no identity.
    /// </summary>
    public static (IdType Type, string Number) OpenMember(SecretProtector protector, string sealedIdentity, string owner)
    {
        ArgumentNullException.ThrowIfNull(protector);
        var plain = protector.Unprotect(sealedIdentity, owner);
        var separator = plain.IndexOf(':', StringComparison.Ordinal);
        return separator > 0 && int.TryParse(plain.AsSpan(0, separator), NumberStyles.None, CultureInfo.InvariantCulture, out var type) && Enum.IsDefined((IdType)type)
            ? ((IdType)type, plain[(separator + 1)..])
            : throw new CryptographicException("A watch member's sealed identity opened but holds no identity.");
    }

    /// <summary>What a member's identity is bound to: its watchlist and ref (the SQL of <see cref="SealedMembers"/>).</summary>
    private static string MemberOwner(int watchlistId, string memberRef) => string.Create(CultureInfo.InvariantCulture, $"{watchlistId}\n{memberRef}");

    /// <summary>The watchlist's id and measure, creating it with <paramref name="measure"/> when it does not exist.</summary>
    private async Task<(int Id, string Measure)> WatchlistAsync(string agency, string name, string measure, CancellationToken cancellationToken)
    {
        // Twice at most: a first call racing another request's creation of the same watchlist sees neither row.
        for (var attempt = 0; ; attempt++)
        {
            await using var command = dataSource.CreateCommand("""
                WITH created AS (
                    INSERT INTO jp_watchlist (agency, name, measure) VALUES ($1, $2, $3)
                    ON CONFLICT (agency, name) DO NOTHING RETURNING id, measure)
                SELECT id, measure FROM created
                UNION ALL
                SELECT id, measure FROM jp_watchlist WHERE agency = $1 AND name = $2
                """);
            command.Parameters.Add(new NpgsqlParameter { Value = agency });
            command.Parameters.Add(new NpgsqlParameter { Value = name });
            command.Parameters.Add(new NpgsqlParameter { Value = measure });
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            if (await reader.ReadAsync(cancellationToken))
            {
                return (reader.GetInt32(0), reader.GetString(1));
            }

            if (attempt > 0)
            {
                throw new InvalidOperationException($"Watchlist {name} of {agency} neither created nor found.");
            }
        }
    }
}
