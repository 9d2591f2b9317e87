using System.Collections.Immutable;
using System.Net;
using System.Text.Json;
using JointPunishment.Gateway.Extensions;
using JointPunishment.Grains.Checks;
using JointPunishment.Grains.Wire;
using JointPunishment.Grains.Interfaces.Checks;
using JointPunishment.Grains.Interfaces.Model;
using JointPunishment.Grains.Keys;
using JointPunishment.Integration.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace JointPunishment.Integration.Tests.EndToEnd;

/// <summary>
/// An agency gets the same answer whether its gateway asks over HTTP or through the Orleans client (<see cref="CheckGrains"/>):
/// one table of checks, single and batch, goes both ways, and every decision (with its measures and bases) and every
/// error (its kind, fields and messages) must be the same.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class CheckParityTests(PostgresServer postgres) : IAsyncLifetime
{
    private const string Agency = "parity";
    private static readonly string[] Measures = ["consumption.air", "consumption.rail", "credit.bank_credit"];

    private RunningSystem _system = null!;
    private string _key = "";

    public async Task InitializeAsync()
    {
        _system = await RunningSystem.StartAsync(postgres);
        _key = await _system.RegisterAgencyAsync(Agency, Measures);
    }

    public async Task DisposeAsync() => await _system.DisposeAsync();

    [Fact]
    public async Task TheSameChecks_GetTheSameAnswers_OverHttpAndTheOrleansClient()
    {
        var (cases, batches) = await TableAsync();

        var checks = _system.GatewayServices.GetRequiredService<CheckGrains>();
        var differences = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var check in cases)
        {
            var overHttp = await HttpAnswerAsync(check);
            var overOrleans = OrleansAnswer(await checks.CheckAsync(check.ToRequest()));
            seen.Add(overHttp);
            if (overHttp != overOrleans)
            {
                differences.Add($"{check.Name}: HTTP {overHttp} / Orleans {overOrleans}");
            }
        }

        foreach (var batch in batches)
        {
            var overHttp = await HttpBatchAnswerAsync(batch);
            var overOrleans = OrleansBatchAnswer(await checks.CheckBatchAsync(batch.ToRequest()));
            seen.UnionWith(overHttp);
            if (!overHttp.SequenceEqual(overOrleans))
            {
                differences.Add($"{batch.Name}: HTTP [{string.Join(" | ", overHttp)}] / Orleans [{string.Join(" | ", overOrleans)}]");
            }
        }

        Assert.True(differences.Count == 0, string.Join('\n', differences));
        // The table reaches every kind of answer, so agreeing is not agreeing on nothing.
        Assert.Contains(seen, a => a.StartsWith("block ", StringComparison.Ordinal));
        Assert.Contains(seen, a => a.StartsWith("review ", StringComparison.Ordinal));
        Assert.Contains("allow", seen);
        Assert.Contains(seen, a => a.StartsWith("forbidden ", StringComparison.Ordinal));
        Assert.Contains(seen, a => a.StartsWith("invalid action.trainNumber", StringComparison.Ordinal) && a.Contains("action.seatClass", StringComparison.Ordinal));
        Assert.Contains(seen, a => a.StartsWith("invalid measure", StringComparison.Ordinal) && a.Contains("subject.idNumber", StringComparison.Ordinal));
        Assert.Contains(seen, a => a.StartsWith("invalid relatedPersons[1].idNumber", StringComparison.Ordinal));
        Assert.Contains(seen, a => a.StartsWith("error idNumber: ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task SingleChecksCoalescedIntoOneCall_GetTheAnswersEachGetsAlone()
    {
        var (cases, _) = await TableAsync();
        var client = _system.GatewayServices.GetRequiredService<ClusterConnection>().Client;
        var alone = new CheckGrains(client, keys: 1, coalesce: false);
        var expected = new List<string>();
        foreach (var check in cases)
        {
            expected.Add(OrleansAnswer(await alone.CheckAsync(check.ToRequest())));
        }

        // One key, every check at once: the first goes alone, the others wait for it and go together.
        var coalescing = new CheckGrains(client, keys: 1);
        var rounds = 5;
        var answers = await Task.WhenAll(Enumerable.Range(0, rounds).SelectMany(_ => cases).Select(c => coalescing.CheckAsync(c.ToRequest())));

        Assert.Equal(Enumerable.Repeat(expected, rounds).SelectMany(a => a), answers.Select(OrleansAnswer));
        var (calls, sent) = coalescing.Sent;
        Assert.Equal(rounds * cases.Length, sent);
        Assert.True(calls < sent / 2, $"{sent} checks went in {calls} calls");
        Assert.Equal((cases.Length, cases.Length), alone.Sent);
    }

    [Fact]
    public async Task ACheckThatFailsInACoalescedCall_FailsOnlyItsOwnCaller()
    {
        var (cases, _) = await TableAsync();
        var unlisted = cases.Single(c => c.Name == "unlisted").ToRequest();
        var listed = cases.Single(c => c.Name == "listed").ToRequest();
        var director = cases.Single(c => c.Name == "applicant with a listed director").Related![0].Subject;
        var broken = new CheckRequest(Agency, "consumption.air", director.ToInput());

        // The director's stored state is replaced by another subject's row, which the storage refuses to load (sealed
        // for another row), so a check on the director fails in its subject grain, as when a row cannot be read.
        var keys = _system.GatewayServices.GetRequiredService<SubjectKeys>();
        var listedKey = keys.For(IdType.ResidentId, listed.Subject.IdNumber);
        var directorKey = keys.For(IdType.ResidentId, director.idNumber);
        await _system.ExecuteSqlAsync($"""
            UPDATE orleansstorage SET payloadbinary = (SELECT payloadbinary FROM orleansstorage WHERE grainidextensionstring = '{listedKey}')
             WHERE grainidextensionstring = '{directorKey}'
            """);
        await _system.RestartSilosAsync();

        var client = _system.GatewayServices.GetRequiredService<ClusterConnection>().Client;
        var alone = new CheckGrains(client, keys: 1, coalesce: false);
        var expected = new Dictionary<CheckRequest, string>
        {
            [unlisted] = OrleansAnswer(await alone.CheckAsync(unlisted)),
            [listed] = OrleansAnswer(await alone.CheckAsync(listed)),
        };
        var failedAlone = await Assert.ThrowsAnyAsync<Exception>(() => alone.CheckAsync(broken));

        // One key, all at once: the first goes alone and the others wait for it and go together, the broken ones among them.
        var coalescing = new CheckGrains(client, keys: 1);
        var requests = Enumerable.Range(0, 5).SelectMany(_ => new[] { unlisted, broken, listed, broken }).ToArray();
        var answers = requests.Select(r => coalescing.CheckAsync(r)).ToArray();
        await Task.WhenAll(answers.Select(a => a.ContinueWith(_ => { }, TaskScheduler.Default)));

        Assert.Equal("allow", expected[unlisted]);
        Assert.StartsWith("block ", expected[listed], StringComparison.Ordinal);
        for (var i = 0; i < requests.Length; i++)
        {
            if (ReferenceEquals(requests[i], broken))
            {
                Assert.True(answers[i].IsFaulted, $"check {i} on the unreadable subject did not fail");
                // Either the exception itself or, where it cannot travel (here the storage's own), what it was.
                var failure = answers[i].Exception!.InnerException!;
                Assert.True(failure.GetType() == failedAlone.GetType() || failure is CheckFailedException, $"check {i} failed with {failure}");
            }
            else
            {
                Assert.True(answers[i].IsCompletedSuccessfully, $"check {i} failed with the unreadable one: {answers[i].Exception}");
                Assert.Equal(expected[requests[i]], OrleansAnswer(await answers[i]));
            }
        }

        var (calls, sent) = coalescing.Sent;
        Assert.True(calls < sent / 2, $"{sent} checks went in {calls} calls");
    }

    [Fact]
    public async Task ACoalescedCheckInAnotherAgencysName_IsRefusedAlone()
    {
        var (cases, _) = await TableAsync();
        var grain = _system.GatewayServices.GetRequiredService<ClusterConnection>().Client.GetGrain<ICheckGrain>(0);
        var unlisted = cases.Single(c => c.Name == "unlisted").ToRequest();
        var listed = cases.Single(c => c.Name == "listed").ToRequest();

        var alone = OrleansAnswer(await grain.CheckAsync(listed));

        var answers = await grain.CheckCoalescedAsync(new CoalescedChecks(Agency, [unlisted, listed with { Agency = "someone-else" }, listed]));

        Assert.StartsWith("block ", alone, StringComparison.Ordinal);
        Assert.Empty(answers.Failures);
        Assert.Equal(["allow", "forbidden " + CheckGrain.OtherAgency, alone], answers.Outcomes.Select(o => OrleansAnswer(o!)));
    }

    /// <summary>Lists a person, a unit with its legal representative and a director; returns the table of checks and batches.</summary>
    private async Task<(Case[] Cases, Batch[] Batches)> TableAsync()
    {
        var court = await _system.RegisterCourtAsync("parity-court");
        var listed = TestIds.ResidentId();
        var officer = TestIds.ResidentId();
        var director = TestIds.ResidentId();
        var unit = TestIds.Uscc();
        var events = await _system.JsonAsync(HttpMethod.Post, "/v1/court/events", court, new
        {
            events = new object[]
            {
                new { eventId = "p-1", type = "listed", caseNumber = "(2026)京03执1号", subject = new { idType = "resident_id", idNumber = listed, name = "甲" }, listedOn = "2026-11-20", @public = true },
                new
                {
                    eventId = "p-2", type = "listed", caseNumber = "(2026)京03执2号", subject = new { idType = "uscc", idNumber = unit, name = "乙公司" }, listedOn = "2026-11-20", @public = true,
                    officers = new[] { new { role = "legal_representative", idType = "resident_id", idNumber = officer, name = "丙" } },
                },
                new { eventId = "p-3", type = "listed", caseNumber = "(2026)京03执3号", subject = new { idType = "resident_id", idNumber = director, name = "丁" }, listedOn = "2026-11-20", @public = true },
            },
        });
        Assert.All(events.GetProperty("results").EnumerateArray(), r => Assert.Equal("applied", r.GetProperty("status").GetString()));

        var unlisted = TestIds.ResidentId();
        var badId = "110101199003071230";
        var applicant = TestIds.Uscc();
        Case[] cases =
        [
            new("unlisted", "consumption.air", Person(unlisted)),
            new("listed", "consumption.air", Person(listed)),
            new("lower-case passport", "consumption.air", new Subject("passport", "e1234567")),
            new("officer of a listed unit", "consumption.air", Person(officer)),
            new("listed unit", "consumption.air", new Subject("uscc", unit)),
            new("bad identity", "consumption.air", Person(badId)),
            new("unknown measure", "consumption.nope", Person(listed)),
            new("unknown measure and bad identity", "consumption.nope", Person(badId)),
            new("measure not held", "consumption.hotel", Person(listed)),
            new("measure not held, unlisted", "consumption.hotel", Person(unlisted)),
            new("rail, G train", "consumption.rail", Person(listed), new Ticket("G1", "second")),
            new("rail, lower-case G train", "consumption.rail", Person(listed), new Ticket("g1", "second")),
            new("rail, conventional second", "consumption.rail", Person(listed), new Ticket("S101", "second")),
            new("rail, said to be an EMU", "consumption.rail", Person(listed), new Ticket("S101", "first", "emu")),
            new("rail, no ticket", "consumption.rail", Person(listed)),
            new("rail, bad train number", "consumption.rail", Person(listed), new Ticket("X12", "second")),
            new("rail, bad seat class", "consumption.rail", Person(unlisted), new Ticket("G1", "cabin")),
            new("rail, bad train and seat", "consumption.rail", Person(listed), new Ticket("X12", "cabin")),
            new("ticket ignored off rail", "consumption.air", Person(unlisted), new Ticket("X12", "cabin")),
            new("applicant with a listed director", "credit.bank_credit", new Subject("uscc", applicant), Related: [new("director", Person(director))]),
            new("applicant with an unlisted supervisor", "credit.bank_credit", new Subject("uscc", applicant), Related: [new("supervisor", Person(unlisted))]),
            new("applicant with a bad related identity", "credit.bank_credit", new Subject("uscc", applicant), Related: [new("director", Person(director)), new("principal", Person(badId))]),
            // A role that exists but is not a related person's (the debtor is the subject itself): refused by both.
            new("applicant with a related debtor", "credit.bank_credit", new Subject("uscc", applicant), Related: [new("debtor", Person(director))]),
        ];
        Batch[] batches =
        [
            new("batch", "consumption.air", [Person(unlisted), Person(listed), Person(badId), new Subject("passport", "E12345678"), Person(officer)]),
            new("batch, measure not held", "consumption.hotel", [Person(unlisted), Person(listed)]),
            new("batch, unknown measure", "consumption.nope", [Person(unlisted)]),
        ];

        return (cases, batches);
    }

    private async Task<string> HttpAnswerAsync(Case check)
    {
        using var response = await _system.SendAsync(HttpMethod.Post, "/v1/checks", _key, check.ToJson());
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        return response.StatusCode switch
        {
            HttpStatusCode.OK => Decided(body),
            HttpStatusCode.Forbidden => $"forbidden {body.GetProperty("detail").GetString()}",
            HttpStatusCode.BadRequest => "invalid " + string.Join("; ", body.GetProperty("errors").EnumerateObject()
                .Select(e => $"{e.Name}: {string.Join(", ", e.Value.EnumerateArray().Select(m => m.GetString()))}")),
            var status => $"HTTP {(int)status}",
        };
    }

    private async Task<string[]> HttpBatchAnswerAsync(Batch batch)
    {
        using var response = await _system.SendAsync(HttpMethod.Post, "/v1/checks/batch", _key, new { measure = batch.Measure, subjects = batch.Subjects });
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        return response.StatusCode switch
        {
            HttpStatusCode.OK => [.. body.GetProperty("results").EnumerateArray()
                .Select(r => r.TryGetProperty("error", out var error) ? $"error {error.GetString()}" : Decided(r))],
            HttpStatusCode.Forbidden => [$"refused: forbidden {body.GetProperty("detail").GetString()}"],
            HttpStatusCode.BadRequest => [.. body.GetProperty("errors").EnumerateObject().Select(e => $"refused: invalid {e.Name}: {e.Value[0].GetString()}")],
            var status => [$"HTTP {(int)status}"],
        };
    }

    private static string Decided(JsonElement answer)
    {
        var measures = answer.GetProperty("measures").EnumerateArray()
            .Select(m => $"{m.GetProperty("code").GetString()}({string.Join(",", m.GetProperty("basis").EnumerateArray().Select(b => $"{b.GetProperty("caseNumber").GetString()} as {b.GetProperty("as").GetString()}"))})");
        var decision = answer.GetProperty("decision").GetString()!;
        Assert.True(Guid.TryParse(answer.GetProperty("checkId").GetString(), out _));
        return decision == "allow" ? decision : $"{decision} {string.Join(" ", measures)}";
    }

    private static string OrleansAnswer(CheckOutcome outcome) => outcome switch
    {
        { Result: { } result } when Guid.TryParse(outcome.CheckId, out _) => result.Decision == Decision.Allow
            ? "allow"
            : $"{WireNames.Of(result.Decision)} {string.Join(" ", result.Measures.Select(m => $"{m.Code}({string.Join(",", m.Basis.Select(b => $"{b.CaseNumber} as {WireNames.Of(b.As)}"))})"))}",
        { Error: CheckError.Forbidden } => $"forbidden {outcome.Message}",
        { Error: CheckError.Invalid } => "invalid " + string.Join("; ", outcome.Errors.Select(e => $"{e.Field}: {e.Message}")),
        _ => $"unexpected {outcome}",
    };

    private static string[] OrleansBatchAnswer(BatchCheckOutcome outcome) => outcome.Refusal is { } refusal
        ? refusal.Error == CheckError.Invalid ? [.. refusal.Errors.Select(e => $"refused: invalid {e.Field}: {e.Message}")] : [$"refused: {OrleansAnswer(refusal)}"]
        : [.. outcome.Results.Select((r, i) => r.Error == CheckError.Invalid
            ? "error " + string.Join("; ", r.Errors.Select(e => $"{e.Field[$"subjects[{i}].".Length..]}: {e.Message}"))
            : OrleansAnswer(r))];

    private static Subject Person(string idNumber) => new("resident_id", idNumber);

    private static readonly ImmutableDictionary<string, SubjectRole> Roles = new Dictionary<string, SubjectRole>
    {
        ["director"] = SubjectRole.Director,
        ["supervisor"] = SubjectRole.Supervisor,
        ["principal"] = SubjectRole.Principal,
        ["debtor"] = SubjectRole.Debtor,
    }.ToImmutableDictionary();

    private sealed record Subject(string idType, string idNumber)
    {
        public SubjectInput ToInput() => new(WireNames.Parser<IdType>()[idType], idNumber);
    }

    private sealed record Ticket(string TrainNumber, string SeatClass, string? TrainType = null);

    private sealed record RelatedPerson(string Role, Subject Subject);

    private sealed record Case(string Name, string Measure, Subject Subject, Ticket? Action = null, RelatedPerson[]? Related = null)
    {
        public Dictionary<string, object> ToJson()
        {
            var body = new Dictionary<string, object> { ["measure"] = Measure, ["subject"] = Subject };
            if (Action is { } action)
            {
                body["action"] = action.TrainType is null
                    ? new { trainNumber = action.TrainNumber, seatClass = action.SeatClass }
                    : new { trainNumber = action.TrainNumber, seatClass = action.SeatClass, trainType = action.TrainType };
            }

            if (Related is { } related)
            {
                body["relatedPersons"] = related.Select(r => new { role = r.Role, r.Subject.idType, r.Subject.idNumber }).ToArray();
            }

            return body;
        }

        public CheckRequest ToRequest() => new(Agency, Measure, Subject.ToInput())
        {
            Action = Action is { } action
                ? new RailAction(action.TrainNumber, action.SeatClass) { TrainType = action.TrainType is { } type ? WireNames.Parser<TrainType>()[type] : null }
                : null,
            Related = Related is { } related ? [.. related.Select(r => new RelatedInput(Roles[r.Role], r.Subject.ToInput()))] : [],
        };
    }

    private sealed record Batch(string Name, string Measure, Subject[] Subjects)
    {
        public BatchCheckRequest ToRequest() => new(Agency, Measure, [.. Subjects.Select(s => s.ToInput())]);
    }
}
