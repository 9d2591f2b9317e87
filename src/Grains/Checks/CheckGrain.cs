using System.Collections.Immutable;
using JointPunishment.Grains.Domain;
using JointPunishment.Grains.Domain.Catalogue;
using JointPunishment.Grains.Domain.Decisions;
using JointPunishment.Grains.Domain.Identity;
using JointPunishment.Grains.Interfaces;
using JointPunishment.Grains.Interfaces.Checks;
using JointPunishment.Grains.Interfaces.Model;
using JointPunishment.Grains.Interfaces.Principals;
using JointPunishment.Grains.Interfaces.Subjects;
using JointPunishment.Grains.Keys;
using Orleans.Concurrency;

namespace JointPunishment.Grains.Checks;

[StatelessWorker, Reentrant]
public sealed class CheckGrain(SubjectKeys keys, CheckIds checkIds, ICheckRecorder recorder, TimeProvider time, LocalIndexReplica replica) : Grain, ICheckGrain
{
    /// <summary>How long an activation trusts what it read about an agency (its measures).</summary>
    private static readonly TimeSpan AgencyCacheFor = TimeSpan.FromSeconds(5);

    private readonly Dictionary<string, (PrincipalInfo? Agency, DateTimeOffset Until)> _agencies = new(StringComparer.Ordinal);

    public async Task<CheckOutcome> CheckAsync(CheckRequest request)
    {
        var (measure, refusal) = await AuthorizeAsync(request.Agency, request.Measure);
        if (refusal is not null)
        {
            return refusal;
        }

        var today = time.Today();
        if (!TryKey(request.Subject, today, "subject", out var subject, out var key, out var hash, out var invalid))
        {
            return invalid;
        }

        if (request.Action is { } action && measure!.Code == DecisionEngine.RailMeasure
            && (!RailRules.IsValidTrainNumber(action.TrainNumber) || !RailRules.SeatClasses.Contains(action.SeatClass)))
        {
            return CheckOutcome.Invalid("action", "needs a valid trainNumber and seatClass");
        }

        var related = ImmutableArray.CreateBuilder<RelatedPerson>(request.Related.Length);
        var hashes = new List<long>(1 + request.Related.Length) { hash };
        for (var i = 0; i < request.Related.Length; i++)
        {
            if (!TryKey(request.Related[i].Subject, today, $"relatedPersons[{i}]", out _, out var relatedKey, out var relatedHash, out invalid))
            {
                return invalid;
            }

            related.Add(new RelatedPerson(request.Related[i].Role, relatedKey));
            hashes.Add(relatedHash);
        }

        var query = new CheckQuery(measure!.Code, today, measure.Code == DecisionEngine.RailMeasure ? request.Action : null, related.MoveToImmutable(), subject.Type);
        return await DecideAndRecordAsync(request.Agency, key, hashes, query);
    }

    public async Task<BatchCheckOutcome> CheckBatchAsync(BatchCheckRequest request)
    {
        var (measure, refusal) = await AuthorizeAsync(request.Agency, request.Measure);
        if (refusal is not null)
        {
            return new BatchCheckOutcome([], refusal);
        }

        if (request.Subjects.Length > BatchCheckRequest.MaxSubjects)
        {
            return new BatchCheckOutcome([], CheckOutcome.Invalid("subjects", $"must have at most {BatchCheckRequest.MaxSubjects} items"));
        }

        var today = time.Today();
        var keysByIndex = new string?[request.Subjects.Length];
        var hashes = new long[request.Subjects.Length];
        var results = new CheckOutcome[request.Subjects.Length];
        var types = new IdType[request.Subjects.Length];
        for (var i = 0; i < results.Length; i++)
        {
            if (TryKey(request.Subjects[i], today, $"subjects[{i}]", out var subject, out var key, out var hash, out var invalid))
            {
                keysByIndex[i] = key;
                hashes[i] = hash;
                types[i] = subject.Type;
            }
            else
            {
                results[i] = invalid;
            }
        }

        var valid = Enumerable.Range(0, results.Length).Where(i => keysByIndex[i] is not null).ToArray();
        var named = await RestrictedIndex.ContainsAsync(GrainFactory, replica, [.. valid.Select(i => hashes[i])]);

        // Only the few named subjects cost a grain call; the others are answered here without a task each.
        var asked = new List<Task>();
        for (var j = 0; j < valid.Length; j++)
        {
            var i = valid[j];
            if (named[j])
            {
                asked.Add(AskAsync(i));
            }
            else
            {
                results[i] = await RecordAsync(request.Agency, keysByIndex[i]!, measure!.Code, CheckResult.Allow);
            }
        }

        await Task.WhenAll(asked);
        return new BatchCheckOutcome([.. results]);

        async Task AskAsync(int i)
        {
            var query = new CheckQuery(measure!.Code, today, null, [], types[i]);
            var result = await GrainFactory.GetGrain<ISubjectGrain>(keysByIndex[i]!).CheckAsync(query);
            results[i] = await RecordAsync(request.Agency, keysByIndex[i]!, query.Measure, result);
        }
    }

    // hashes: the index hashes of the subject, then of its related persons.
    private async Task<CheckOutcome> DecideAndRecordAsync(string agency, string key, List<long> hashes, CheckQuery query)
    {
        // The negative path: unless the subject (or a related person) is in the index, its grain is not asked.
        if (hashes.Count == 1 && replica.Contains(hashes[0]) == false)
        {
            return await RecordAsync(agency, key, query.Measure, CheckResult.Allow);
        }

        var named = await RestrictedIndex.ContainsAsync(GrainFactory, replica, hashes);
        var result = named.Contains(true)
            ? await GrainFactory.GetGrain<ISubjectGrain>(key).CheckAsync(query)
            : CheckResult.Allow;
        return await RecordAsync(agency, key, query.Measure, result);
    }

    private ValueTask<CheckOutcome> RecordAsync(string agency, string key, string measure, CheckResult result)
    {
        var at = time.GetUtcNow();
        var checkId = checkIds.Issue(agency, result.Decision, at);
        var recorded = recorder.RecordAsync(new CheckRecord(checkId, agency, measure, key, result.Decision, at));
        var outcome = new CheckOutcome(checkId.ToString(), result);
        if (recorded.IsCompletedSuccessfully)
        {
            // The usual case (the recorder's queue has room): no state machine for the ~99% that allow.
            recorded.GetAwaiter().GetResult();
            return ValueTask.FromResult(outcome);
        }

        return AwaitRecordedAsync(recorded, outcome);

        static async ValueTask<CheckOutcome> AwaitRecordedAsync(ValueTask recorded, CheckOutcome outcome)
        {
            await recorded;
            return outcome;
        }
    }

    private bool TryKey(SubjectInput input, DateOnly today, string field, out SubjectIdentity identity, out string key, out long hash, out CheckOutcome invalid)
    {
        if (!IdentityParser.TryParse(input.IdType, input.IdNumber, today, out identity, out var error))
        {
            (key, hash) = ("", 0);
            invalid = CheckOutcome.Invalid($"{field}.idNumber", error);
            return false;
        }

        (key, hash) = keys.ForWithHash(identity.Type, identity.Number);
        invalid = null!;
        return true;
    }

    private async Task<(Measure? Measure, CheckOutcome? Refusal)> AuthorizeAsync(string agencyCode, string measureCode)
    {
        if (!MeasureCatalogue.TryGet(measureCode, out var measure))
        {
            return (null, CheckOutcome.Invalid("measure", "is not a measure code of the catalogue"));
        }

        var now = time.GetUtcNow();
        if (!_agencies.TryGetValue(agencyCode, out var cached) || cached.Until < now)
        {
            cached = (await GrainFactory.GetGrain<IAgencyGrain>(GrainKeys.Agency(agencyCode)).GetAsync(), now + AgencyCacheFor);
            _agencies[agencyCode] = cached;
        }

        if (cached.Agency is null)
        {
            return (null, CheckOutcome.Forbidden($"No agency is registered as '{agencyCode}'."));
        }

        return cached.Agency.Measures.Contains(measure.Code)
            ? (measure, null)
            : (null, CheckOutcome.Forbidden($"This agency does not hold the measure {measure.Code}."));
    }
}
