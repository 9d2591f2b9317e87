using System.Security.Cryptography;
using JointPunishment.Grains.Interfaces;
using JointPunishment.Grains.Interfaces.Model;
using JointPunishment.Grains.Keys;
using JointPunishment.Grains.Subjects;
using JointPunishment.Storage.Assistance;
using JointPunishment.Storage.Encryption;
using JointPunishment.Storage.Watchlists;
using Microsoft.Extensions.Logging;
using Npgsql;
using NpgsqlTypes;
using Orleans.Storage;

namespace JointPunishment.Silo.Rekeying;

/// <summary>
/// Moves every subject to the key a new <c>JP_SUBJECT_KEY</c> gives it (docs/operations.md, "Rotating keys"), with the
/// whole system stopped, in one PostgreSQL transaction: a failure or a crash leaves everything under the old key, and
/// a second run finds nothing under it. For each subject state (<c>orleansstorage</c>, key <c>subj:</c>…) it opens the
/// payload, reads the clear identity (<see cref="SubjectState.Subject"/>), derives the old and the new key, writes the
/// state to the new grain's row with the ADO.NET provider's own queries (<c>WriteToStorageKey</c>,
/// <c>DeleteStorageKey</c> from <c>orleansquery</c>), sealed for that row, and deletes the old row. Officer keys in
/// outboxes are derived again from the officer's identity, and the keys of assistance requests and watchlist members
/// about subjects no court listed (no state to move) from the identity each keeps sealed. The old → new map (a temporary table) then rewrites every
/// <c>subject_key</c> column, the sampling draws' <c>selected_keys</c>, the index hashes (<c>jp_restricted_subject</c>)
/// and the subject grains' reminders. <c>jp_audit</c> is append-only and keeps the keys it recorded.
/// </summary>
public sealed class SubjectRekeyer(
    NpgsqlDataSource dataSource, SubjectKeys oldKeys, SubjectKeys newKeys, GrainStateCipher cipher, SecretProtector assistanceSubjects,
    SecretProtector watchMembers, IGrainStorageSerializer serializer, ILogger logger)
{
    private const int DeadSilo = 6;   // Orleans SiloStatus.Dead
    private const int BatchSize = 200;

    /// <param name="checkOnly">Count what is under the old key; change nothing (allowed while the system runs).</param>
    /// <param name="dropUnmapped">Delete subject states without an identity instead of failing on them.</param>
    /// <param name="cancellationToken">Stops the run; the transaction is rolled back.</param>
    public async Task<RekeyReport> RunAsync(bool checkOnly, bool dropUnmapped, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var subjectTables = await SubjectKeyTablesAsync(connection, cancellationToken);
        if (!checkOnly)
        {
            // A silo that starts now waits for the commit; one that is running refuses the run.
            await ExecuteAsync(connection, "LOCK TABLE orleansmembershiptable IN SHARE MODE", cancellationToken);
            var active = await ActiveSilosAsync(connection, cancellationToken);
            if (active.Count > 0)
            {
                return RekeyReport.Refused(active);
            }

            // Writers still connected (a gateway filing a complaint) wait until the keys have moved.
            string[] written = ["orleansstorage", "orleansreminderstable", "jp_restricted_subject", "jp_sampling_draw", .. subjectTables];
            await ExecuteAsync(connection, $"LOCK TABLE {string.Join(", ", written)} IN SHARE ROW EXCLUSIVE MODE", cancellationToken);
        }

        await ExecuteAsync(connection, "CREATE TEMP TABLE jp_rekey_map (old_key text PRIMARY KEY, new_key text NOT NULL, old_hash bigint NOT NULL, new_hash bigint NOT NULL) ON COMMIT DROP", cancellationToken);
        var scan = await MoveSubjectStatesAsync(connection, checkOnly, dropUnmapped, cancellationToken);
        await MapSealedSubjectsAsync(connection, AssistanceStore.SealedSubjects(assistanceSubjects), row =>
        {
            var subject = AssistanceStore.OpenSubject(assistanceSubjects, row.Value!, row.Owner);
            return (subject.IdType, subject.IdNumber);
        }, row => $"assistance request {row.Owner}", scan, cancellationToken);
        await MapSealedSubjectsAsync(
            connection, WatchlistStore.SealedMembers(watchMembers), row => WatchlistStore.OpenMember(watchMembers, row.Value!, row.Owner),
            row => $"a member of watchlist {row.RowId[0]}", scan, cancellationToken);
        await UnsealedWatchMembersAsync(connection, checkOnly, dropUnmapped, scan, cancellationToken);
        var rows = new List<KeyValuePair<string, long>>();
        foreach (var table in subjectTables)
        {
            rows.Add(new(table, checkOnly
                ? await CountAsync(connection, $"SELECT count(*) FROM {table} t JOIN jp_rekey_map m ON t.subject_key = m.old_key", cancellationToken)
                : await ExecuteAsync(connection, $"UPDATE {table} t SET subject_key = m.new_key FROM jp_rekey_map m WHERE t.subject_key = m.old_key", cancellationToken)));
        }

        rows.Add(new("jp_sampling_draw", await RewriteSamplingDrawsAsync(connection, checkOnly, cancellationToken)));
        rows.Add(new("jp_restricted_subject", await RewriteIndexHashesAsync(connection, checkOnly, cancellationToken)));
        rows.Add(new("orleansreminderstable", await MoveRemindersAsync(connection, checkOnly, scan.Failures, cancellationToken)));

        var report = new RekeyReport([], scan.UnderOldKey, scan.UnderNewKey, scan.Dropped, scan.DroppedWatchMembers, scan.Outbox, rows, scan.Failures, Committed: false);
        if (checkOnly || scan.Failures.Count > 0)
        {
            return report;   // rolled back
        }

        if (report.RemainingUnderOldKey + scan.Dropped + scan.DroppedWatchMembers > 0)
        {
            await RecordAuditAsync(connection, report, cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return report with { Committed = true };
    }

    private async Task<Scan> MoveSubjectStatesAsync(NpgsqlConnection connection, bool checkOnly, bool dropUnmapped, CancellationToken cancellationToken)
    {
        var scan = new Scan();
        var queries = await ProviderQueriesAsync(connection, cancellationToken);
        // The cursor reads the rows as they were when it was declared: the rows written below are not read again.
        await ExecuteAsync(connection, $"""
            DECLARE jp_rekey_rows NO SCROLL CURSOR FOR
            SELECT grainidhash, graintypehash, graintypestring, grainidextensionstring, serviceid, version, payloadbinary
              FROM orleansstorage
             WHERE grainidn0 = 0 AND grainidn1 = 0 AND starts_with(grainidextensionstring, '{GrainKeys.SubjectPrefix}')
             ORDER BY grainidextensionstring, serviceid, graintypestring
            """, cancellationToken);
        while (true)
        {
            var batch = await FetchAsync(connection, cancellationToken);
            foreach (var row in batch)
            {
                await MoveAsync(connection, queries, row, checkOnly, dropUnmapped, scan, cancellationToken);
            }

            if (batch.Count < BatchSize)
            {
                break;
            }

            logger.LogInformation("rekey-subjects: {Rows} subject states read so far", scan.UnderOldKey + scan.UnderNewKey + scan.Dropped);
        }

        await FlushMapAsync(connection, scan, cancellationToken);
        await ExecuteAsync(connection, "CLOSE jp_rekey_rows", cancellationToken);
        return scan;
    }

    private async Task MoveAsync(NpgsqlConnection connection, ProviderQueries queries, StoredRow row, bool checkOnly, bool dropUnmapped, Scan scan, CancellationToken cancellationToken)
    {
        if (AdoNetStringKey.GrainIdHash(row.Key) != row.GrainIdHash)
        {
            scan.Failures.Add($"{row.Key}: its stored grain id hash is not the one this tool computes as the ADO.NET provider does; nothing can be moved safely");
            return;
        }

        SubjectState? state;
        try
        {
            state = row.Payload is null ? null : serializer.Deserialize<SubjectState>(new BinaryData(cipher.Decrypt(row.Payload, row.StateRow(row.Key))));
        }
        catch (GrainStateEncryptionException e)
        {
            scan.Failures.Add($"{row.Key}: {e.Message}");
            return;
        }

        if (state?.Subject is not { } subject)
        {
            if (!dropUnmapped)
            {
                scan.Failures.Add($"{row.Key}: the state holds no identity (never named by a court), so it has no new key; run with --drop-unmapped to delete it");
                return;
            }

            scan.Dropped++;
            if (!checkOnly)
            {
                await DeleteAsync(connection, queries, row, row.Key, scan, cancellationToken);
            }

            return;
        }

        var (oldKey, oldHash) = oldKeys.ForWithHash(subject.IdType, subject.IdNumber);
        var (newKey, newHash) = newKeys.ForWithHash(subject.IdType, subject.IdNumber);
        if (row.Key == newKey)
        {
            scan.UnderNewKey++;
            return;
        }

        if (row.Key != oldKey)
        {
            scan.Failures.Add($"{row.Key}: the identity in its state gives neither this key under JP_SUBJECT_OLD_KEY nor its key under JP_SUBJECT_KEY: is JP_SUBJECT_OLD_KEY the key the system ran with?");
            return;
        }

        scan.UnderOldKey++;
        scan.Map.Add((oldKey, newKey, oldHash, newHash));
        if (!RemapOutbox(state, scan, row.Key))
        {
            return;
        }

        if (!checkOnly)
        {
            var payload = cipher.Encrypt(serializer.Serialize(state).ToMemory().Span, row.StateRow(newKey));
            await using var write = Command(connection, queries.Write, row, newKey);
            write.Parameters.Add(new NpgsqlParameter("GrainStateVersion", NpgsqlDbType.Integer) { Value = DBNull.Value });
            write.Parameters.Add(new NpgsqlParameter("PayloadBinary", NpgsqlDbType.Bytea) { Value = payload });
            if (await write.ExecuteScalarAsync(cancellationToken) is not int)
            {
                scan.Failures.Add($"{row.Key}: a state already exists under its new key (a silo ran with the new JP_SUBJECT_KEY and stored it); the two cannot be merged");
                return;
            }

            await DeleteAsync(connection, queries, row, row.Key, scan, cancellationToken);
        }

        if (scan.Map.Count >= BatchSize)
        {
            await FlushMapAsync(connection, scan, cancellationToken);
        }
    }

    /// <summary>
    /// Subjects no court listed have no state to move, yet their keys are kept beside an identity sealed at rest: a court's
    /// assistance request about such a subject (<c>jp_assistance.subject</c>) and an agency's watchlist member
    /// (<c>jp_watch_member.subject</c>, migration 0033). Each key not mapped yet is derived again from its sealed identity,
    /// a page at a time; a member of a listed person was mapped with the person's state, to the key its subject gets.
    /// </summary>
    private async Task MapSealedSubjectsAsync(
        NpgsqlConnection connection, SealedColumn column, Func<SealedRow, (IdType Type, string Number)> open, Func<SealedRow, string> describe, Scan scan, CancellationToken cancellationToken)
    {
        const string Unmapped = "NOT EXISTS (SELECT 1 FROM jp_rekey_map m WHERE m.old_key = t.subject_key)";
        await foreach (var page in column.PagesAsync(connection, $"t.{column.Value} IS NOT NULL AND {Unmapped}", [], "subject_key", BatchSize, cancellationToken))
        {
            foreach (var row in page)
            {
                (IdType Type, string Number) subject;
                try
                {
                    subject = open(row);
                }
                catch (CryptographicException)
                {
                    scan.Failures.Add($"{describe(row)}: its subject cannot be opened with the storage keys (JP_STORAGE_KEY), so it has no new key");
                    continue;
                }

                var (oldKey, oldHash) = oldKeys.ForWithHash(subject.Type, subject.Number);
                var (newKey, newHash) = newKeys.ForWithHash(subject.Type, subject.Number);
                if (row.Also == oldKey)
                {
                    scan.Map.Add((oldKey, newKey, oldHash, newHash));
                }
                else if (row.Also != newKey)
                {
                    scan.Failures.Add($"{describe(row)}: its subject gives neither its key under JP_SUBJECT_OLD_KEY nor under JP_SUBJECT_KEY");
                }
            }

            await FlushMapAsync(connection, scan, cancellationToken);
        }
    }

    /// <summary>
    /// Watchlist members stored before migration 0033 keep no identity. One of a person a court listed moves with the
    /// person's state (its key is in the map, or, on a second run, is the key of a state); any other has no new key: the
    /// run fails naming the agencies, unless <paramref name="dropUnmapped"/>, which deletes such members.
    /// </summary>
    private static async Task UnsealedWatchMembersAsync(NpgsqlConnection connection, bool checkOnly, bool dropUnmapped, Scan scan, CancellationToken cancellationToken)
    {
        const string Unmappable = """
            t.subject IS NULL
            AND NOT EXISTS (SELECT 1 FROM jp_rekey_map m WHERE m.old_key = t.subject_key)
            AND NOT EXISTS (SELECT 1 FROM orleansstorage s WHERE s.grainidextensionstring = t.subject_key)
            """;
        long count;
        string agencies;
        await using (var command = new NpgsqlCommand($"""
            SELECT count(*), coalesce(string_agg(DISTINCT w.agency, ', '), '')
              FROM jp_watch_member t JOIN jp_watchlist w ON w.id = t.watchlist_id
             WHERE {Unmappable}
            """, connection))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            await reader.ReadAsync(cancellationToken);
            (count, agencies) = (reader.GetInt64(0), reader.GetString(1));
        }

        if (count == 0)
        {
            return;
        }

        if (!dropUnmapped)
        {
            scan.Failures.Add($"{count} watchlist member(s) of {agencies} were stored before migration 0033 without their identity and belong to no one a court has listed, so they have no new key: have the agencies add them again (same ref) before the rotation, or run with --drop-unmapped to delete them");
            return;
        }

        scan.DroppedWatchMembers = count;
        if (!checkOnly)
        {
            await ExecuteAsync(connection, $"DELETE FROM jp_watch_member t WHERE {Unmappable}", cancellationToken);
        }
    }

    /// <summary>Pending officer updates name the officer's grain by key: derived again from the officer's identity in the update.</summary>
    private bool RemapOutbox(SubjectState state, Scan scan, string rowKey)
    {
        foreach (var (entryKey, pending) in state.Outbox.ToArray())
        {
            var officer = pending.Link.Officer;
            var (oldKey, oldHash) = oldKeys.ForWithHash(officer.IdType, officer.IdNumber);
            var (newKey, newHash) = newKeys.ForWithHash(officer.IdType, officer.IdNumber);
            if (pending.OfficerKey != oldKey || !entryKey.StartsWith(oldKey, StringComparison.Ordinal))
            {
                scan.Failures.Add($"{rowKey}: a pending officer update names a key its officer's identity does not give under JP_SUBJECT_OLD_KEY");
                return false;
            }

            state.Outbox.Remove(entryKey);
            state.Outbox[newKey + entryKey[oldKey.Length..]] = pending with { OfficerKey = newKey };
            // The officer may have no state yet (the update is what creates it), but its hash is in the index already.
            scan.Map.Add((oldKey, newKey, oldHash, newHash));
            scan.Outbox++;
        }

        return true;
    }

    private static async Task DeleteAsync(NpgsqlConnection connection, ProviderQueries queries, StoredRow row, string key, Scan scan, CancellationToken cancellationToken)
    {
        await using var delete = Command(connection, queries.Delete, row, key);
        delete.Parameters.Add(new NpgsqlParameter("GrainStateVersion", NpgsqlDbType.Integer) { Value = row.Version });
        if (await delete.ExecuteScalarAsync(cancellationToken) is not int deleted || deleted != row.Version + 1)
        {
            scan.Failures.Add($"{key}: its old row could not be deleted (changed meanwhile?)");
        }
    }

    /// <summary>A provider query with the parameters that name a row, as <c>AdoNetGrainStorage</c> binds them.</summary>
    private static NpgsqlCommand Command(NpgsqlConnection connection, string sql, StoredRow row, string key)
    {
        var command = new NpgsqlCommand(sql, connection);
        command.Parameters.Add(new NpgsqlParameter("GrainIdHash", NpgsqlDbType.Integer) { Value = AdoNetStringKey.GrainIdHash(key) });
        command.Parameters.Add(new NpgsqlParameter("GrainIdN0", NpgsqlDbType.Bigint) { Value = 0L });
        command.Parameters.Add(new NpgsqlParameter("GrainIdN1", NpgsqlDbType.Bigint) { Value = 0L });
        command.Parameters.Add(new NpgsqlParameter("GrainTypeHash", NpgsqlDbType.Integer) { Value = row.GrainTypeHash });
        command.Parameters.Add(new NpgsqlParameter("GrainTypeString", NpgsqlDbType.Varchar) { Value = row.StateName });
        command.Parameters.Add(new NpgsqlParameter("GrainIdExtensionString", NpgsqlDbType.Varchar) { Value = key });
        command.Parameters.Add(new NpgsqlParameter("ServiceId", NpgsqlDbType.Varchar) { Value = row.ServiceId });
        return command;
    }

    private static async Task<ProviderQueries> ProviderQueriesAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        var queries = new Dictionary<string, string>(StringComparer.Ordinal);
        await using var command = new NpgsqlCommand("SELECT querykey, querytext FROM orleansquery WHERE querykey IN ('WriteToStorageKey', 'DeleteStorageKey')", connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            queries[reader.GetString(0)] = reader.GetString(1);
        }

        return new ProviderQueries(queries["WriteToStorageKey"], queries["DeleteStorageKey"]);
    }

    private static async Task<List<StoredRow>> FetchAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        var rows = new List<StoredRow>(BatchSize);
        await using var fetch = new NpgsqlCommand($"FETCH {BatchSize} FROM jp_rekey_rows", connection);
        await using var reader = await fetch.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(new StoredRow(
                reader.GetInt32(0), reader.GetInt32(1), reader.GetString(2), reader.GetString(3), reader.GetString(4), reader.GetInt32(5),
                reader.IsDBNull(6) ? null : (byte[])reader[6]));
        }

        return rows;
    }

    private static async Task FlushMapAsync(NpgsqlConnection connection, Scan scan, CancellationToken cancellationToken)
    {
        if (scan.Map.Count == 0)
        {
            return;
        }

        await using var insert = new NpgsqlCommand(
            "INSERT INTO jp_rekey_map SELECT * FROM unnest($1::text[], $2::text[], $3::bigint[], $4::bigint[]) ON CONFLICT (old_key) DO NOTHING", connection);
        insert.Parameters.Add(new NpgsqlParameter { Value = scan.Map.Select(m => m.OldKey).ToArray() });
        insert.Parameters.Add(new NpgsqlParameter { Value = scan.Map.Select(m => m.NewKey).ToArray() });
        insert.Parameters.Add(new NpgsqlParameter { Value = scan.Map.Select(m => m.OldHash).ToArray() });
        insert.Parameters.Add(new NpgsqlParameter { Value = scan.Map.Select(m => m.NewHash).ToArray() });
        await insert.ExecuteNonQueryAsync(cancellationToken);
        scan.Map.Clear();
    }

    /// <summary>Every table of the schema with a <c>subject_key</c> column (quoted), so a table added later moves too.</summary>
    private static async Task<List<string>> SubjectKeyTablesAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("""
            SELECT quote_ident(c.table_name)
              FROM information_schema.columns c
              JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
             WHERE c.column_name = 'subject_key' AND c.table_schema = current_schema() AND t.table_type = 'BASE TABLE'
             ORDER BY 1
            """, connection);
        var tables = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            tables.Add(reader.GetString(0));
        }

        return tables;
    }

    private static async Task<List<string>> ActiveSilosAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand($"SELECT address || ':' || port FROM orleansmembershiptable WHERE status <> {DeadSilo} ORDER BY 1", connection);
        var silos = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            silos.Add(reader.GetString(0));
        }

        return silos;
    }

    private static async Task<long> RewriteSamplingDrawsAsync(NpgsqlConnection connection, bool checkOnly, CancellationToken cancellationToken)
    {
        const string Mapped = "EXISTS (SELECT 1 FROM unnest(d.selected_keys) k JOIN jp_rekey_map m ON m.old_key = k)";
        return checkOnly
            ? await CountAsync(connection, $"SELECT count(*) FROM jp_sampling_draw d WHERE {Mapped}", cancellationToken)
            : await ExecuteAsync(connection, $"""
              UPDATE jp_sampling_draw d
                 SET selected_keys = (SELECT array_agg(coalesce(m.new_key, u.k) ORDER BY u.n)
                                        FROM unnest(d.selected_keys) WITH ORDINALITY AS u (k, n)
                                        LEFT JOIN jp_rekey_map m ON m.old_key = u.k)
               WHERE {Mapped}
              """, cancellationToken);
    }

    /// <summary>The index of named subjects holds the first 64 bits of each key's HMAC: the old ones go, the new ones come.</summary>
    private static async Task<long> RewriteIndexHashesAsync(NpgsqlConnection connection, bool checkOnly, CancellationToken cancellationToken)
    {
        if (checkOnly)
        {
            return await CountAsync(connection, "SELECT count(*) FROM jp_restricted_subject r JOIN jp_rekey_map m ON r.key_hash = m.old_hash", cancellationToken);
        }

        await ExecuteAsync(connection, """
            INSERT INTO jp_restricted_subject (key_hash)
            SELECT m.new_hash FROM jp_rekey_map m JOIN jp_restricted_subject r ON r.key_hash = m.old_hash
            ON CONFLICT DO NOTHING
            """, cancellationToken);
        return await ExecuteAsync(connection, "DELETE FROM jp_restricted_subject r USING jp_rekey_map m WHERE r.key_hash = m.old_hash", cancellationToken);
    }

    /// <summary>Reminders name their grain by id (<c>type/key</c>) and its uniform hash, both as Orleans' ADO.NET reminder table stores them.</summary>
    private static async Task<long> MoveRemindersAsync(NpgsqlConnection connection, bool checkOnly, List<string> failures, CancellationToken cancellationToken)
    {
        var moves = new List<(string ServiceId, string GrainId, string Name, string NewGrainId, int NewHash)>();
        await using (var select = new NpgsqlCommand("""
            SELECT r.serviceid, r.grainid, r.remindername, r.grainhash, m.new_key
              FROM orleansreminderstable r JOIN jp_rekey_map m ON substr(r.grainid, strpos(r.grainid, '/') + 1) = m.old_key
            """, connection))
        await using (var reader = await select.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                var grainId = GrainId.Parse(reader.GetString(1));
                if (grainId.ToString() != reader.GetString(1) || unchecked((int)grainId.GetUniformHashCode()) != reader.GetInt32(3))
                {
                    failures.Add($"reminder '{reader.GetString(2)}' of {grainId.Key}: its grain id or hash is not what Orleans computes; nothing can be moved safely");
                    continue;
                }

                var moved = GrainId.Create(grainId.Type, reader.GetString(4));
                moves.Add((reader.GetString(0), reader.GetString(1), reader.GetString(2), moved.ToString(), unchecked((int)moved.GetUniformHashCode())));
            }
        }

        if (!checkOnly)
        {
            foreach (var move in moves)
            {
                await using var update = new NpgsqlCommand(
                    "UPDATE orleansreminderstable SET grainid = $1, grainhash = $2 WHERE serviceid = $3 AND grainid = $4 AND remindername = $5", connection);
                update.Parameters.Add(new NpgsqlParameter { Value = move.NewGrainId });
                update.Parameters.Add(new NpgsqlParameter { Value = move.NewHash });
                update.Parameters.Add(new NpgsqlParameter { Value = move.ServiceId });
                update.Parameters.Add(new NpgsqlParameter { Value = move.GrainId });
                update.Parameters.Add(new NpgsqlParameter { Value = move.Name });
                await update.ExecuteNonQueryAsync(cancellationToken);
            }
        }

        return moves.Count;
    }

    /// <summary>One row in the append-only audit: what moved, in counts (no key, no identity).</summary>
    private static async Task RecordAuditAsync(NpgsqlConnection connection, RekeyReport report, CancellationToken cancellationToken)
    {
        await using var insert = new NpgsqlCommand(
            "INSERT INTO jp_audit (actor_role, actor_code, action, target, detail) VALUES ('operator', 'rekey-subjects', 'subject_keys_rotated', 'subjects', $1)", connection);
        var detail = report.Rows.ToDictionary(r => r.Key.Trim('"'), r => r.Value);
        detail["subject_states"] = report.UnderOldKey;
        detail["dropped_without_identity"] = report.Dropped;
        detail["watch_members_dropped_without_identity"] = report.DroppedWatchMembers;
        insert.Parameters.Add(new NpgsqlParameter { Value = System.Text.Json.JsonSerializer.Serialize(detail), NpgsqlDbType = NpgsqlDbType.Jsonb });
        await insert.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Runs <paramref name="sql"/>; the rows it changed.</summary>
    private static async Task<long> ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>The single number <paramref name="sql"/> answers.</summary>
    private static async Task<long> CountAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    private sealed record ProviderQueries(string Write, string Delete);

    private sealed record StoredRow(int GrainIdHash, int GrainTypeHash, string StateName, string Key, string ServiceId, int Version, byte[]? Payload)
    {
        /// <summary>The row a payload of this state under <paramref name="key"/> is sealed for (a string key: no numbers).</summary>
        public GrainStateRow StateRow(string key) => new(StateName, 0, 0, key);
    }

    private sealed class Scan
    {
        public long UnderOldKey { get; set; }

        public long UnderNewKey { get; set; }

        public long Dropped { get; set; }

        public long DroppedWatchMembers { get; set; }

        public long Outbox { get; set; }

        public List<(string OldKey, string NewKey, long OldHash, long NewHash)> Map { get; } = [];

        public List<string> Failures { get; } = [];
    }
}
