using JointPunishment.Grains.Domain.Identity;
using JointPunishment.Grains.Domain.PublicList;
using JointPunishment.Grains.Subjects;
using Npgsql;

namespace JointPunishment.Storage.CreditRepairs;

/// <summary>
/// Appends every agency's credit repair decision (四(二)6) to the feed <c>jp_credit_repair</c> before the agency gets
/// its answer, and again on activation (a decision stored just before a crash still reaches the feed). Idempotent:
/// an entry is identified by subject, agency and the subject revision that stored the decision. A subject none of
/// whose listings was public gets no entry, and no entry carries the agency's note (migration 0022 removed those
/// written before).
/// </summary>
public sealed class PostgresCreditRepairProjection(NpgsqlDataSource dataSource) : ISubjectProjection, IPostgresSubjectProjection
{
    public Task ProjectAsync(SubjectSnapshot snapshot, CancellationToken cancellationToken) =>
        PostgresSubjectProjections.ExecuteAsync(dataSource, Commands(snapshot), cancellationToken);

    public IEnumerable<NpgsqlBatchCommand> Commands(SubjectSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        if (snapshot.CreditRepairs.IsDefaultOrEmpty || !PublicSubjects.HadPublicListing(snapshot.Listings.IsDefault ? [] : snapshot.Listings))
        {
            // None of the subject's listings was public (四(二)2 依法不宜公开): its repair never leaves the courts and agencies.
            yield break;
        }

        foreach (var repair in snapshot.CreditRepairs)
        {
            // No note: it is the agency's word to the court (subject view), not for the credit system (CONTRACT).
            var command = new NpgsqlBatchCommand("SELECT jp_append_credit_repair($1, $2, $3, $4, $5, $6, $7, $8)");
            command.Parameters.Add(new NpgsqlParameter { Value = snapshot.SubjectKey });
            command.Parameters.Add(new NpgsqlParameter { Value = repair.Revision });
            command.Parameters.Add(new NpgsqlParameter { Value = repair.Agency });
            command.Parameters.Add(new NpgsqlParameter { Value = IdentityParser.ToWire(snapshot.Subject.IdType) });
            command.Parameters.Add(new NpgsqlParameter { Value = IdentityMask.Mask(snapshot.Subject.IdType, snapshot.Subject.IdNumber) });
            command.Parameters.Add(new NpgsqlParameter { Value = snapshot.Subject.Name });
            command.Parameters.Add(new NpgsqlParameter { Value = (short)repair.Decision });
            command.Parameters.Add(new NpgsqlParameter { Value = repair.DecidedAt });
            yield return command;
        }
    }
}
