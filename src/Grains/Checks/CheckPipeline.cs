using System.Collections.Immutable;
using JointPunishment.Grains.Domain;
using JointPunishment.Grains.Domain.Catalogue;
using JointPunishment.Grains.Domain.Decisions;
using JointPunishment.Grains.Domain.Identity;
using JointPunishment.Grains.Federation;
using JointPunishment.Grains.Interfaces.Checks;
using JointPunishment.Grains.Interfaces.Model;
using JointPunishment.Grains.Interfaces.Subjects;
using JointPunishment.Grains.Keys;
using JointPunishment.Grains.Wire;

namespace JointPunishment.Grains.Checks;

/// <summary>
/// Every rule of a check, single and batch, in one place, for both hosts that answer checks: <see cref="CheckGrain"/>
/// (agencies' own gateways through the Orleans client) and the HTTP gateway, which runs it in its own process. So an
/// agency gets the same answer, and the same errors, whichever way it asks. In order:
/// 1. validate: the measure is in the catalogue, each identity is valid (and normalised), a rail ticket can be judged,
///    related persons are few enough — every invalid field named, as the HTTP body names it;
/// 2. authorise: the agency, given by its code, holds the measure (<see cref="CheckAgencies"/>);
/// 3. answer a subject this process's copy of the index shows unnamed (and with no related persons) with <c>allow</c>,
///    awaiting nothing;
/// 4. otherwise ask the index shards what the copy cannot vouch for, and the subject grain of a named subject;
/// 5. record: allows counted, other decisions kept as a row, each with its check id.
/// The caller binds the wire (HTTP JSON, the Orleans request) and says who the agency is; nothing else.
/// </summary>
public sealed class CheckPipeline(
    SubjectKeys keys, CheckIds checkIds, ICheckRecorder recorder, AllowedChecks allowed, CheckAgencies agencies, LocalIndexReplica replica, TimeProvider time)
{
    /// <summary>The message for a measure code the catalogue does not have.</summary>
    public const string UnknownMeasure = "is not a measure code of the catalogue (GET /v1/catalogue)";

    /// <summary>One check by <paramref name="agency"/> (the code the caller vouches for; <see cref="CheckRequest.Agency"/> is not read).</summary>
    /// <remarks><paramref name="grains"/> is the cluster as the host reaches it: a grain's factory, or the gateway's client.</remarks>
    public ValueTask<CheckOutcome> CheckAsync(IGrainFactory grains, string agency, CheckRequest request)
    {
        var today = time.Today();
        List<FieldError>? errors = null;
        var measure = MeasureOf(request.Measure, ref errors);
        var subject = IdentityOf(request.Subject, today, "subject", -1, ref errors);
        var action = measure?.Code == DecisionEngine.RailMeasure && request.Action is { } given ? ActionOf(given, ref errors) : null;
        var related = RelatedOf(request.Related, today, ref errors);
        if (errors is not null)
        {
            return ValueTask.FromResult(CheckOutcome.Invalid(errors));
        }

        var check = new ValidCheck(agency, measure!, subject, action, related, today);
        var refusal = agencies.AuthoriseAsync(grains, agency, check.Measure);
        if (!refusal.IsCompletedSuccessfully)
        {
            return AuthoriseThenAnswerAsync(grains, refusal, check);
        }

        return refusal.Result is { } refused ? ValueTask.FromResult(refused) : Answer(grains, check);
    }

    /// <summary>
    /// Many subjects for one measure by <paramref name="agency"/>: one outcome per subject in order, an invalid (or null)
    /// subject getting its own error; or, when the batch as a whole is refused (measure, size, agency), that refusal.
    /// </summary>
    public async Task<BatchCheckOutcome> CheckBatchAsync(IGrainFactory grains, string agency, string measureCode, ImmutableArray<SubjectInput?> subjects)
    {
        List<FieldError>? errors = null;
        var measure = MeasureOf(measureCode, ref errors);
        subjects = subjects.IsDefault ? [] : subjects;
        if (measure is not null && subjects.Length > BatchCheckRequest.MaxSubjects)
        {
            (errors = []).Add(new FieldError("subjects", $"must have at most {BatchCheckRequest.MaxSubjects} items"));
        }

        if (errors is not null)
        {
            return new BatchCheckOutcome([], CheckOutcome.Invalid(errors));
        }

        if (await agencies.AuthoriseAsync(grains, agency, measure!) is { } refusal)
        {
            return new BatchCheckOutcome([], refusal);
        }

        var code = measure!.Code;
        var today = time.Today();
        var identities = new SubjectIdentity[subjects.Length];
        var results = new CheckOutcome[subjects.Length];
        var valid = new List<int>(subjects.Length);
        var hashes = new List<long>(subjects.Length);
        for (var i = 0; i < results.Length; i++)
        {
            List<FieldError>? invalid = null;
            identities[i] = IdentityOf(subjects[i], today, "subjects", i, ref invalid);
            if (invalid is not null)
            {
                results[i] = CheckOutcome.Invalid(invalid);
                continue;
            }

            valid.Add(i);
            hashes.Add(keys.HashFor(identities[i].Type, identities[i].Number));
        }

        var named = await RestrictedIndex.ContainsAsync(grains, replica, hashes);

        // Only the few named subjects cost a grain key and a grain call; the others are answered here, and their
        // allows counted in one call.
        var unnamed = new List<int>(valid.Count);
        var asked = new List<Task>();
        for (var j = 0; j < valid.Count; j++)
        {
            if (named[j])
            {
                asked.Add(AskOneAsync(valid[j]));
            }
            else
            {
                unnamed.Add(valid[j]);
            }
        }

        var allows = allowed.Many(agency, code, unnamed.Count);
        for (var j = 0; j < allows.Length; j++)
        {
            results[unnamed[j]] = allows[j];
        }

        await Task.WhenAll(asked);
        return new BatchCheckOutcome([.. results]);

        async Task AskOneAsync(int i)
        {
            var query = new CheckQuery(code, today, null, [], identities[i].Type);
            var key = keys.For(identities[i].Type, identities[i].Number);
            results[i] = await RecordAsync(agency, key, code, await grains.GetGrain<ISubjectGrain>(key).CheckAsync(query));
        }
    }

    private async ValueTask<CheckOutcome> AuthoriseThenAnswerAsync(IGrainFactory grains, ValueTask<CheckOutcome?> refusal, ValidCheck check) =>
        await refusal is { } refused ? refused : await Answer(grains, check);

    /// <summary>Steps 3 to 5: the local copy first, without awaiting anything when it vouches for an unnamed subject.</summary>
    private ValueTask<CheckOutcome> Answer(IGrainFactory grains, ValidCheck check)
    {
        var hash = keys.HashFor(check.Subject.Type, check.Subject.Number);
        return check.Related.IsEmpty && replica.Contains(hash) == false
            ? ValueTask.FromResult(allowed.One(check.Agency, check.Measure.Code))
            : AskAsync(grains, check, hash);
    }

    private async ValueTask<CheckOutcome> AskAsync(IGrainFactory grains, ValidCheck check, long subjectHash)
    {
        // The index hashes of the subject, then of its related persons; a related person's key goes into the query,
        // so it is made here, with its hash from the same HMAC.
        var hashes = new List<long>(1 + check.Related.Length) { subjectHash };
        var related = ImmutableArray.CreateBuilder<RelatedPerson>(check.Related.Length);
        foreach (var (role, identity) in check.Related)
        {
            var (relatedKey, relatedHash) = keys.ForWithHash(identity.Type, identity.Number);
            related.Add(new RelatedPerson(role, relatedKey));
            hashes.Add(relatedHash);
        }

        var named = await RestrictedIndex.ContainsAsync(grains, replica, hashes);
        if (!named.Contains(true))
        {
            return allowed.One(check.Agency, check.Measure.Code);
        }

        // Only related persons the index names can have a listing: the subject grain asks each related person it is
        // given for its listings, so the others are left out rather than activated for nothing.
        var namedRelated = related.Where((_, i) => named[i + 1]).ToImmutableArray();
        var query = new CheckQuery(check.Measure.Code, check.Today, check.Action, namedRelated, check.Subject.Type);
        var key = keys.For(check.Subject.Type, check.Subject.Number);
        return await RecordAsync(check.Agency, key, check.Measure.Code, await grains.GetGrain<ISubjectGrain>(key).CheckAsync(query));
    }

    private ValueTask<CheckOutcome> RecordAsync(string agency, string key, string measure, CheckResult result)
    {
        if (result.Decision == Decision.Allow)
        {
            // A red-listed subject's allow carries its incentives (五(三)).
            return ValueTask.FromResult(allowed.One(agency, measure, result));
        }

        var at = time.GetUtcNow();
        var checkId = checkIds.Issue(agency, result.Decision, at);
        var recorded = recorder.RecordAsync(new CheckRecord(checkId, agency, measure, key, result.Decision, at, UpstreamCase.In(result)));
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

    private static Measure? MeasureOf(string? code, ref List<FieldError>? errors)
    {
        if (code is not null && MeasureCatalogue.TryGet(code, out var measure))
        {
            return measure;
        }

        (errors ??= []).Add(new FieldError("measure", code is null ? "is required" : UnknownMeasure));
        return null;
    }

    /// <summary>
    /// The normalised identity of <paramref name="input"/>; default, with its error added, when it is invalid. The error
    /// names <paramref name="field"/>, or with an <paramref name="index"/> ≥ 0 item <paramref name="index"/> of that
    /// array (the name is made only for an error).
    /// </summary>
    private static SubjectIdentity IdentityOf(SubjectInput? input, DateOnly today, string field, int index, ref List<FieldError>? errors)
    {
        FieldError invalid;
        if (input is null)
        {
            invalid = new FieldError(PathOf(field, index), "is required");
        }
        else if (!Enum.IsDefined(input.IdType))
        {
            invalid = new FieldError($"{PathOf(field, index)}.idType", WireNames.MustBeOneOf(WireNames.All<IdType>()));
        }
        else if (IdentityParser.TryParse(input.IdType, input.IdNumber, today, out var identity, out var error))
        {
            return identity;
        }
        else
        {
            invalid = new FieldError($"{PathOf(field, index)}.idNumber", error);
        }

        (errors ??= []).Add(invalid);
        return default;

        static string PathOf(string field, int index) => index < 0 ? field : $"{field}[{index}]";
    }

    /// <summary>A rail ticket as the rules read it, or null with an error for each part they cannot judge.</summary>
    private static RailAction? ActionOf(RailAction action, ref List<FieldError>? errors)
    {
        var normalised = RailRules.Normalise(action);
        var valid = true;
        foreach (var (field, message) in RailRules.InvalidFields(normalised))
        {
            (errors ??= []).Add(new FieldError($"action.{field}", message));
            valid = false;
        }

        return valid ? normalised : null;
    }

    private static ImmutableArray<(SubjectRole Role, SubjectIdentity Identity)> RelatedOf(ImmutableArray<RelatedInput> related, DateOnly today, ref List<FieldError>? errors)
    {
        if (related.IsDefaultOrEmpty)
        {
            return [];
        }

        if (related.Length > CheckRequest.MaxRelatedPersons)
        {
            (errors ??= []).Add(new FieldError("relatedPersons", $"must have at most {CheckRequest.MaxRelatedPersons} items"));
            return [];
        }

        var identities = ImmutableArray.CreateBuilder<(SubjectRole, SubjectIdentity)>(related.Length);
        for (var i = 0; i < related.Length; i++)
        {
            if (related[i] is not { } person)
            {
                (errors ??= []).Add(new FieldError($"relatedPersons[{i}]", "is required"));
                continue;
            }

            if (!SubjectReader.IsRelatedRole(person.Role))
            {
                (errors ??= []).Add(new FieldError($"relatedPersons[{i}].role", WireNames.MustBeOneOf(SubjectReader.RelatedRoleNames)));
            }

            var identity = IdentityOf(person.Subject, today, "relatedPersons", i, ref errors);
            identities.Add((person.Role, identity));
        }

        return identities.ToImmutable();
    }

    /// <summary>A check that passed step 1: what the later steps read.</summary>
    private readonly record struct ValidCheck(
        string Agency, Measure Measure, SubjectIdentity Subject, RailAction? Action, ImmutableArray<(SubjectRole Role, SubjectIdentity Identity)> Related, DateOnly Today);
}
