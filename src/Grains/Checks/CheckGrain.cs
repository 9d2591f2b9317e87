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
public sealed class CheckGrain(SubjectKeys keys, CheckIds checkIds, ICheckRecorder recorder, AllowedChecks allowed, TimeProvider time, LocalIndexReplica replica) : Grain, ICheckGrain
{
    /// <summary>How long an activation trusts what it read about an agency (its measures).</summary>
    private static readonly TimeSpan AgencyCacheFor = TimeSpan.FromSeconds(5);

    private readonly Dictionary<string, (PrincipalInfo? Agency, DateTimeOffset Until)> _agencies = new(StringComparer.Ordinal);

    public Task<CheckOutcome> CheckAsync(CheckRequest request) =>
        TryAllowFromCopy(request) is { } allowed ? Task.FromResult(allowed) : CheckThoroughlyAsync(request);

    /// <summary>
    /// The common case, answered without awaiting anything: an agency this activation knows holds the measure, a
    /// valid subject with no related persons and no invalid rail action, whom this silo's current copy of the
    /// index shows unnamed. Null for anything else, which <see cref="CheckThoroughlyAsync"/> answers.
    /// </summary>
    private CheckOutcome? TryAllowFromCopy(CheckRequest request)
    {
        if (!request.Related.IsEmpty
            || !_agencies.TryGetValue(request.Agency, out var cached) || cached.Until < time.GetUtcNow()
            || cached.Agency is not { } agency || !agency.Measures.Contains(request.Measure)
            || InvalidRailField(request, request.Measure) is not null
            || !IdentityParser.TryParse(request.Subject.IdType, request.Subject.IdNumber, time.Today(), out var subject, out _)
            || replica.Contains(keys.HashFor(subject.Type, subject.Number)) != false)
        {
            return null;
        }

        return allowed.One(request.Agency, request.Measure);
    }

    /// <summary>The field of a rail check's ticket (train number, seat class, train type) the rail rules cannot judge, if any.</summary>
    private static string? InvalidRailField(CheckRequest request, string measure) =>
        request.Action is { } action && measure == DecisionEngine.RailMeasure ? RailRules.InvalidField(action) : null;

    private async Task<CheckOutcome> CheckThoroughlyAsync(CheckRequest request)
    {
        var (measure, refusal) = await AuthorizeAsync(request.Agency, request.Measure);
        if (refusal is not null)
        {
            return refusal;
        }

        var today = time.Today();
        if (!TryIdentity(request.Subject, today, "subject", out var subject, out var invalid))
        {
            return invalid;
        }

        if (InvalidRailField(request, measure!.Code) is { } field)
        {
            return CheckOutcome.Invalid($"action.{field}", "is not valid (see POST /v1/checks for the train numbers, seat classes and train types)");
        }

        var related = ImmutableArray.CreateBuilder<RelatedPerson>(request.Related.Length);
        var hashes = new List<long>(1 + request.Related.Length) { keys.HashFor(subject.Type, subject.Number) };
        for (var i = 0; i < request.Related.Length; i++)
        {
            if (!TryIdentity(request.Related[i].Subject, today, $"relatedPersons[{i}]", out var relatedPerson, out invalid))
            {
                return invalid;
            }

            // A related person's key goes into the query, so it is made here, with its hash from the same HMAC.
            var (relatedKey, relatedHash) = keys.ForWithHash(relatedPerson.Type, relatedPerson.Number);
            related.Add(new RelatedPerson(request.Related[i].Role, relatedKey));
            hashes.Add(relatedHash);
        }

        var query = new CheckQuery(measure!.Code, today, measure.Code == DecisionEngine.RailMeasure ? request.Action : null, related.MoveToImmutable(), subject.Type);
        return await DecideAndRecordAsync(request.Agency, subject, hashes, query);
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
        var identities = new SubjectIdentity[request.Subjects.Length];
        var hashes = new long[request.Subjects.Length];
        var results = new CheckOutcome[request.Subjects.Length];
        for (var i = 0; i < results.Length; i++)
        {
            if (TryIdentity(request.Subjects[i], today, $"subjects[{i}]", out var subject, out var invalid))
            {
                identities[i] = subject;
                hashes[i] = keys.HashFor(subject.Type, subject.Number);
            }
            else
            {
                results[i] = invalid;
            }
        }

        var valid = Enumerable.Range(0, results.Length).Where(i => results[i] is null).ToArray();
        var named = await RestrictedIndex.ContainsAsync(GrainFactory, replica, [.. valid.Select(i => hashes[i])]);

        // Only the few named subjects cost a grain key and a grain call; the others are answered here, and their
        // allows counted in one call.
        var unnamed = new List<int>(valid.Length);
        var asked = new List<Task>();
        for (var j = 0; j < valid.Length; j++)
        {
            if (named[j])
            {
                asked.Add(AskAsync(valid[j]));
            }
            else
            {
                unnamed.Add(valid[j]);
            }
        }

        var allows = allowed.Many(request.Agency, measure!.Code, unnamed.Count);
        for (var j = 0; j < allows.Length; j++)
        {
            results[unnamed[j]] = allows[j];
        }

        await Task.WhenAll(asked);
        return new BatchCheckOutcome([.. results]);

        async Task AskAsync(int i)
        {
            var query = new CheckQuery(measure!.Code, today, null, [], identities[i].Type);
            var key = keys.For(identities[i].Type, identities[i].Number);
            var result = await GrainFactory.GetGrain<ISubjectGrain>(key).CheckAsync(query);
            results[i] = await RecordAsync(request.Agency, key, query.Measure, result);
        }
    }

    // hashes: the index hashes of the subject, then of its related persons.
    private async Task<CheckOutcome> DecideAndRecordAsync(string agency, SubjectIdentity subject, List<long> hashes, CheckQuery query)
    {
        // The negative path: unless the subject (or a related person) is in the index, its grain is not asked,
        // and its key is not even made.
        if (hashes.Count == 1 && replica.Contains(hashes[0]) == false)
        {
            return allowed.One(agency, query.Measure);
        }

        var named = await RestrictedIndex.ContainsAsync(GrainFactory, replica, hashes);
        if (!named.Contains(true))
        {
            return allowed.One(agency, query.Measure);
        }

        // Only related persons the index names can have a listing: the subject grain asks each related person it is
        // given for its listings, so the others are left out rather than activated for nothing.
        var namedRelated = query.Related.Where((_, i) => named[i + 1]).ToImmutableArray();
        var narrowed = namedRelated.Length == query.Related.Length ? query : query with { Related = namedRelated };
        var key = keys.For(subject.Type, subject.Number);
        return await RecordAsync(agency, key, query.Measure, await GrainFactory.GetGrain<ISubjectGrain>(key).CheckAsync(narrowed));
    }

    private ValueTask<CheckOutcome> RecordAsync(string agency, string key, string measure, CheckResult result)
    {
        if (result.Decision == Decision.Allow)
        {
            return ValueTask.FromResult(allowed.One(agency, measure));
        }

        var at = time.GetUtcNow();
        var checkId = checkIds.Issue(agency, result.Decision, at);
        var recorded = recorder.RecordAsync(new CheckRecord(checkId, agency, measure, key, result.Decision, at));
        var outcome = new CheckOutcome(checkId.ToString(), result);
        if (recorded.IsCompletedSuccessfully)
        {
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

    private static bool TryIdentity(SubjectInput input, DateOnly today, string field, out SubjectIdentity identity, out CheckOutcome invalid)
    {
        if (!IdentityParser.TryParse(input.IdType, input.IdNumber, today, out identity, out var error))
        {
            invalid = CheckOutcome.Invalid($"{field}.idNumber", error);
            return false;
        }

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
