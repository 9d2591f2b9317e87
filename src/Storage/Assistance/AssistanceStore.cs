using System.Text.Json;
using JointPunishment.Grains.Interfaces.Model;
using JointPunishment.Storage.Encryption;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using NpgsqlTypes;

namespace JointPunishment.Storage.Assistance;

/// <summary>
/// Assistance requests (协助执行) in <c>jp_assistance</c>: the court's request, the agency's single answer, the lists of
/// each party, and what is overdue. The subject's identity is stored only encrypted (bound to the request id) beside its
/// keyed hash; it is decrypted for the two parties' reads and never logged.
/// </summary>
public sealed class AssistanceStore(NpgsqlDataSource dataSource, [FromKeyedServices(AssistanceStore.SubjectPurpose)] SecretProtector subjects)
{
    /// <summary>The purpose the subjects' encryption key is derived for.</summary>
    public const string SubjectPurpose = SecretProtector.AssistanceSubjectPurpose;

    /// <summary>
    /// The first key of the two-key advisory lock a court's inserts take (a key space of its own: PostgreSQL keeps two-key
    /// locks apart from the migrator's one-key lock); the second is the hash of the court's code.
    /// </summary>
    public const int CourtLockClass = 0x4A504153; // "JPAS"

    /// <summary>Overdue: not answered, and the due date (CST) lies before today. One rule for the list, the ledger and the stats.</summary>
    private const string Overdue = "answered_at IS NULL AND due_on < $1";

    private const string Columns = """
        id, agency_seq, court_seq, court, agency, case_number, kind, subject, detail, requested_at, due_on, outcome, answer_detail, answered_at
        """;

    /// <summary>
    /// Stores a new request (its <see cref="AssistanceRequest.AgencySeq"/> and <see cref="AssistanceRequest.CourtSeq"/> are
    /// assigned here) in one round trip: the agency's next position is taken under the lock of its counter row, and the
    /// court's under a transaction lock of the court (<see cref="CourtLockClass"/>), both held until the transaction
    /// commits, so each party's requests become visible in the order of their positions and a list read after a position
    /// never passes one that commits later (two gateways, or two agencies asked by one court, at once).
    /// </summary>
    public async Task<AssistanceRequest> AddAsync(AssistanceRequest request, string subjectKey, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await AddAsync(connection, null, request, subjectKey, cancellationToken);
    }

    /// <summary>As <see cref="AddAsync(AssistanceRequest, string, CancellationToken)"/>, inside the caller's transaction.</summary>
    public async Task<AssistanceRequest> AddAsync(
        NpgsqlConnection connection, NpgsqlTransaction? transaction, AssistanceRequest request, string subjectKey, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        // One batch: one implicit transaction when the caller has none, so the court's lock lasts until the insert commits.
        await using var batch = new NpgsqlBatch(connection, transaction);
        var courtLock = new NpgsqlBatchCommand($"SELECT pg_advisory_xact_lock({CourtLockClass}, hashtext($1))");
        courtLock.Parameters.Add(new NpgsqlParameter { Value = request.Court });
        batch.BatchCommands.Add(courtLock);
        var command = new NpgsqlBatchCommand("""
            WITH position AS (
                INSERT INTO jp_assistance_counter AS c (agency, last) VALUES ($2, 1)
                ON CONFLICT (agency) DO UPDATE SET last = c.last + 1
                RETURNING last)
            INSERT INTO jp_assistance (id, agency, agency_seq, court, case_number, kind, subject_key, subject, detail, requested_at, due_on)
            SELECT $1, $2, position.last, $3, $4, $5, $6, $7, $8, $9, $10 FROM position
            RETURNING agency_seq, court_seq
            """);
        batch.BatchCommands.Add(command);
        command.Parameters.Add(new NpgsqlParameter { Value = request.Id });
        command.Parameters.Add(new NpgsqlParameter { Value = request.Agency });
        command.Parameters.Add(new NpgsqlParameter { Value = request.Court });
        command.Parameters.Add(new NpgsqlParameter { Value = request.CaseNumber });
        command.Parameters.Add(new NpgsqlParameter { Value = (short)request.Kind });
        command.Parameters.Add(new NpgsqlParameter { Value = subjectKey });
        command.Parameters.Add(new NpgsqlParameter { Value = subjects.Protect(JsonSerializer.Serialize(StoredSubject.Of(request.Subject)), request.Id) });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)request.Detail ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = request.RequestedAt });
        command.Parameters.Add(new NpgsqlParameter { Value = request.DueOn });
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        await reader.NextResultAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return request with { AgencySeq = reader.GetInt64(0), CourtSeq = reader.GetInt64(1) };
    }

    /// <summary>The request with <paramref name="id"/>, or null.</summary>
    public async Task<AssistanceRequest?> GetAsync(string id, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"SELECT {Columns} FROM jp_assistance WHERE id = $1");
        command.Parameters.Add(new NpgsqlParameter { Value = id });
        return (await ReadAllAsync(command, cancellationToken)).SingleOrDefault();
    }

    /// <summary>
    /// The requests to an agency (by <see cref="AssistanceRequest.AgencySeq"/>) or from a court (by
    /// <see cref="AssistanceRequest.CourtSeq"/>) after the position <paramref name="after"/>, in order.
    /// </summary>
    public async Task<IReadOnlyList<AssistanceRequest>> ListAsync(
        bool ofAgency, string party, AssistanceStatusFilter status, long after, int limit, CancellationToken cancellationToken)
    {
        var (column, position) = ofAgency ? ("agency", "agency_seq") : ("court", "court_seq");
        var filter = status switch
        {
            AssistanceStatusFilter.Open => "AND answered_at IS NULL",
            AssistanceStatusFilter.Answered => "AND answered_at IS NOT NULL",
            _ => "",
        };
        await using var command = dataSource.CreateCommand($"""
            SELECT {Columns} FROM jp_assistance
             WHERE {column} = $1 AND {position} > $2 {filter}
             ORDER BY {position} LIMIT $3
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = party });
        command.Parameters.Add(new NpgsqlParameter { Value = after });
        command.Parameters.Add(new NpgsqlParameter { Value = limit });
        return await ReadAllAsync(command, cancellationToken);
    }

    /// <summary>
    /// Answers a request to <paramref name="agency"/> once: one conditional UPDATE, so of two answers sent at once exactly
    /// one is <see cref="AnswerResult.Answered"/> (the other waits for its row lock, finds it answered and changes nothing).
    /// </summary>
    public async Task<(AnswerResult Result, AssistanceRequest? Request)> AnswerAsync(string id, string agency, AssistanceAnswer answer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(answer);
        await using var command = dataSource.CreateCommand($"""
            UPDATE jp_assistance SET outcome = $3, answer_detail = $4, answered_at = $5
             WHERE id = $1 AND agency = $2 AND answered_at IS NULL
            RETURNING {Columns}
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = id });
        command.Parameters.Add(new NpgsqlParameter { Value = agency });
        command.Parameters.Add(new NpgsqlParameter { Value = (short)answer.Outcome });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)answer.Detail ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = answer.At });
        if ((await ReadAllAsync(command, cancellationToken)).SingleOrDefault() is { } answered)
        {
            return (AnswerResult.Answered, answered);
        }

        return await GetAsync(id, cancellationToken) is { } existing && existing.Agency == agency
            ? (AnswerResult.AlreadyAnswered, existing)
            : (AnswerResult.NotFound, null);
    }

    /// <summary>Every request overdue on <paramref name="today"/> (CST), after the court position <paramref name="after"/>, oldest first.</summary>
    public async Task<IReadOnlyList<OverdueAssistance>> ListOverdueAsync(DateOnly today, long after, int limit, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"""
            SELECT id, court, agency, case_number, kind, requested_at, due_on, court_seq FROM jp_assistance
             WHERE {Overdue} AND court_seq > $2
             ORDER BY court_seq LIMIT $3
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = today });
        command.Parameters.Add(new NpgsqlParameter { Value = after });
        command.Parameters.Add(new NpgsqlParameter { Value = limit });
        var items = new List<OverdueAssistance>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            items.Add(new OverdueAssistance(
                reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), (AssistanceKind)reader.GetInt16(4),
                reader.GetFieldValue<DateTimeOffset>(5), reader.GetFieldValue<DateOnly>(6), reader.GetInt64(7)));
        }

        return items;
    }

    /// <summary>Overdue requests on <paramref name="today"/> per agency (only agencies with some); <paramref name="agency"/> null means all.</summary>
    public async Task<IReadOnlyDictionary<string, long>> CountOverdueAsync(string? agency, DateOnly today, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"""
            SELECT agency, count(*) FROM jp_assistance WHERE {Overdue} AND ($2::text IS NULL OR agency = $2)
             GROUP BY agency ORDER BY agency
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = today });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)agency ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            counts[reader.GetString(0)] = reader.GetInt64(1);
        }

        return counts;
    }

    private async Task<IReadOnlyList<AssistanceRequest>> ReadAllAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        var items = new List<AssistanceRequest>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var id = reader.GetString(0);
            var subject = JsonSerializer.Deserialize<StoredSubject>(subjects.Unprotect(reader.GetString(7), id))!;
            items.Add(new AssistanceRequest(
                id, reader.GetInt64(1), reader.GetInt64(2), reader.GetString(3), reader.GetString(4), reader.GetString(5),
                (AssistanceKind)reader.GetInt16(6), subject.ToRef(), reader.IsDBNull(8) ? null : reader.GetString(8),
                reader.GetFieldValue<DateTimeOffset>(9), reader.GetFieldValue<DateOnly>(10),
                reader.IsDBNull(11) ? null : new AssistanceAnswer(
                    (AssistanceOutcome)reader.GetInt16(11), reader.IsDBNull(12) ? null : reader.GetString(12), reader.GetFieldValue<DateTimeOffset>(13))));
        }

        return items;
    }

    /// <summary>The sealed subjects (<c>jp_assistance.subject</c>, owner = request id), for <c>reencrypt</c> and <c>rekey-subjects</c>.</summary>
    public static SealedColumn SealedSubjects(SecretProtector protector) => new("jp_assistance", ["id"], "id", "subject", protector);

    /// <summary>
    /// The subject of request <paramref name="id"/> from its sealed column (<c>jp_assistance.subject</c>), for the
    /// subject-key rotation, which derives its key again; <see cref="System.Security.Cryptography.CryptographicException"/>
    /// when <paramref name="protector"/> cannot open it.
    /// </summary>
    public static SubjectRef OpenSubject(SecretProtector protector, string sealedSubject, string id)
    {
        ArgumentNullException.ThrowIfNull(protector);
        return JsonSerializer.Deserialize<StoredSubject>(protector.Unprotect(sealedSubject, id))!.ToRef();
    }

    /// <summary>The encrypted form's plain text: the identity as the court named it.</summary>
    private sealed record StoredSubject(IdType IdType, string IdNumber, string Name)
    {
        public static StoredSubject Of(SubjectRef subject) => new(subject.IdType, subject.IdNumber, subject.Name);

        public SubjectRef ToRef() => new(IdType, IdNumber, Name);
    }
}
