using System.Net;
using System.Text.Json;
using JointPunishment.Integration.Tests.Infrastructure;

namespace JointPunishment.Integration.Tests.EndToEnd;

/// <summary>The court, operator and check APIs through HTTP against a running cluster on real PostgreSQL.</summary>
[Collection(PostgresCollection.Name)]
public sealed class CourtAndCheckTests(PostgresServer postgres, SharedSystem shared) : IAsyncLifetime, IClassFixture<SharedSystem>
{
    private RunningSystem _system = null!;
    private string _court = "";
    private string _rail = "";

    public async Task InitializeAsync()
    {
        _system = await shared.StartOnceAsync(postgres);
        (_court, _rail) = await shared.SetUpOnceAsync(async () => (
            await _system.RegisterCourtAsync("c1"),
            await _system.RegisterAgencyAsync("rail", "consumption.rail", "consumption.air", "position.soe_executive", "credit.bank_credit", "procurement.government")));
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Listing_ThenShielding_BlocksThenAllowsTheDebtor()
    {
        var debtor = Person(TestIds.ResidentId(), "张三");
        Assert.Equal("allow", await DecisionAsync("consumption.air", debtor));

        var listed = await EventsAsync(Listed("e-list", "(2026)京01执100号", debtor));
        Assert.Equal("applied", listed[0].GetProperty("status").GetString());
        var check = await CheckAsync(new { measure = "consumption.air", subject = debtor });
        Assert.Equal("block", check.GetProperty("decision").GetString());
        var basis = check.GetProperty("measures")[0].GetProperty("basis")[0];
        Assert.Equal("(2026)京01执100号", basis.GetProperty("caseNumber").GetString());
        Assert.Equal("c1", basis.GetProperty("court").GetString());
        Assert.Equal("debtor", basis.GetProperty("as").GetString());
        Assert.False(string.IsNullOrEmpty(check.GetProperty("checkId").GetString()));

        await EventsAsync(new { eventId = "e-shield", type = "shielded", caseNumber = "(2026)京01执100号", subject = debtor });
        Assert.Equal("allow", await DecisionAsync("consumption.air", debtor));
    }

    [Fact]
    public async Task Rail_FollowsTrainAndSeatRules()
    {
        var debtor = Person(TestIds.ResidentId(), "李雷");
        await EventsAsync(Listed("rail-1", "(2026)京01执101号", debtor));

        Assert.Equal("block", await DecisionAsync("consumption.rail", debtor, new { trainNumber = "G1", seatClass = "second" }));
        Assert.Equal("allow", await DecisionAsync("consumption.rail", debtor, new { trainNumber = "D301", seatClass = "second" }));
        Assert.Equal("block", await DecisionAsync("consumption.rail", debtor, new { trainNumber = "C7001", seatClass = "first" }));
        Assert.Equal("allow", await DecisionAsync("consumption.rail", debtor, new { trainNumber = "K1234", seatClass = "hard_seat" }));
        Assert.Equal("block", await DecisionAsync("consumption.rail", debtor, new { trainNumber = "Z12", seatClass = "soft_sleeper" }));
        Assert.Equal("block", await DecisionAsync("consumption.rail", debtor));
    }

    [Fact]
    public async Task Rail_StatedTrainType_DecidesForTrainsOtherThanG()
    {
        var debtor = Person(TestIds.ResidentId(), "韩梅梅");
        await EventsAsync(Listed("rail-2", "(2026)京01执106号", debtor));

        // 其他动车组列车一等以上座位: an EMU whatever its letter; without trainType, D and C are EMUs and S is not.
        Assert.Equal("block", await DecisionAsync("consumption.rail", debtor, new { trainNumber = "S101", seatClass = "first", trainType = "emu" }));
        Assert.Equal("allow", await DecisionAsync("consumption.rail", debtor, new { trainNumber = "S101", seatClass = "first" }));
        Assert.Equal("allow", await DecisionAsync("consumption.rail", debtor, new { trainNumber = "S101", seatClass = "second", trainType = "emu" }));
        Assert.Equal("allow", await DecisionAsync("consumption.rail", debtor, new { trainNumber = "D301", seatClass = "first", trainType = "conventional" }));
        Assert.Equal("block", await DecisionAsync("consumption.rail", debtor, new { trainNumber = "D301", seatClass = "soft_sleeper", trainType = "conventional" }));
        Assert.Equal("block", await DecisionAsync("consumption.rail", debtor, new { trainNumber = "G1", seatClass = "second", trainType = "conventional" }));
    }

    [Theory]
    [InlineData("maglev")]
    [InlineData("EMU")]
    [InlineData("high_speed")]
    public async Task Rail_InvalidTrainType_Is400NamingTheField(string trainType)
    {
        var debtor = Person(TestIds.ResidentId(), "李华");
        var problem = await _system.JsonAsync(HttpMethod.Post, "/v1/checks", _rail, new
        {
            measure = "consumption.rail",
            subject = debtor,
            action = new { trainNumber = "S101", seatClass = "first", trainType },
        }, 400);

        Assert.True(problem.GetProperty("errors").TryGetProperty("action.trainType", out _));
    }

    [Fact]
    public async Task UnitListedWithOfficers_RestrictsOfficersUnderPlusO_UntilRevoked()
    {
        var unit = new { idType = "uscc", idNumber = TestIds.Uscc(), name = "某某有限公司" };
        var officer = Person(TestIds.ResidentId(), "王五");
        var listing = Listed("unit-1", "(2026)京01执102号", unit) with
        {
            Officers = [new { role = "legal_representative", idType = "resident_id", idNumber = officer.idNumber, name = "王五" }],
        };
        await EventsAsync(listing);

        var check = await CheckAsync(new { measure = "consumption.air", subject = officer });
        Assert.Equal("block", check.GetProperty("decision").GetString());
        Assert.Equal("legal_representative", check.GetProperty("measures")[0].GetProperty("basis")[0].GetProperty("as").GetString());
        // procurement.government is D only: an officer of a listed unit is not restricted by it.
        Assert.Equal("allow", await DecisionAsync("procurement.government", officer));
        Assert.Equal("block", await DecisionAsync("procurement.government", unit));

        await EventsAsync(new { eventId = "unit-2", type = "revoked", caseNumber = "(2026)京01执102号", subject = unit });
        Assert.Equal("allow", await DecisionAsync("consumption.air", officer));
    }

    [Fact]
    public async Task ApplicantUnit_WithListedDirector_IsReviewedUnderPlusA()
    {
        var director = Person(TestIds.ResidentId(), "赵六");
        var applicant = new { idType = "uscc", idNumber = TestIds.Uscc(), name = "申请公司" };
        await EventsAsync(Listed("a-1", "(2026)京01执103号", director));

        var check = await CheckAsync(new
        {
            measure = "credit.bank_credit",
            subject = applicant,
            relatedPersons = new[] { new { role = "director", idType = "resident_id", idNumber = director.idNumber } },
        });

        Assert.Equal("review", check.GetProperty("decision").GetString());
        Assert.Equal("director", check.GetProperty("measures")[0].GetProperty("basis")[0].GetProperty("as").GetString());
        Assert.Equal("allow", await DecisionAsync("credit.bank_credit", applicant));
    }

    [Fact]
    public async Task RelatedPersons_TheIndexDoesNotName_ActivateNoSubjectGrain()
    {
        var director = Person(TestIds.ResidentId(), "孙九");
        var applicant = new { idType = "uscc", idNumber = TestIds.Uscc(), name = "申请公司二" };
        await EventsAsync(Listed("a-2", "(2026)京01执109号", director));
        // The director's grain active (a court's request writes a new subject's row without activating its grain).
        Assert.Equal("block", await DecisionAsync("consumption.air", director));
        var unnamed = Enumerable.Range(0, 3).Select(_ => new { role = "supervisor", idType = "resident_id", idNumber = TestIds.ResidentId() });
        var before = await _system.CountActivationsAsync<JointPunishment.Grains.Subjects.SubjectGrain>();

        var check = await CheckAsync(new
        {
            measure = "credit.bank_credit",
            subject = applicant,
            relatedPersons = unnamed.Prepend(new { role = "director", idType = "resident_id", idNumber = director.idNumber }).ToArray(),
        });

        Assert.Equal("review", check.GetProperty("decision").GetString());
        // The applicant's grain decides; the listed director's was active already; the three unnamed cost nothing.
        Assert.Equal(before + 1, await _system.CountActivationsAsync<JointPunishment.Grains.Subjects.SubjectGrain>());
    }

    [Fact]
    public async Task Events_ResentAfterRestart_AreDuplicatesAndStateSurvives()
    {
        var debtor = Person(TestIds.ResidentId(), "钱七");
        var first = await EventsAsync(Listed("dup-1", "(2026)京01执104号", debtor));
        Assert.Equal("applied", first[0].GetProperty("status").GetString());

        await _system.RestartSilosAsync();

        var again = await EventsAsync(Listed("dup-1", "(2026)京01执104号", debtor));
        Assert.Equal("duplicate", again[0].GetProperty("status").GetString());
        Assert.Equal("block", await DecisionAsync("consumption.air", debtor));
        var view = await _system.JsonAsync(HttpMethod.Get, $"/v1/court/subjects/resident_id/{debtor.idNumber}", _court);
        Assert.Equal(1, view.GetProperty("listings")[0].GetProperty("history").GetArrayLength());
    }

    [Fact]
    public async Task Events_MixedBatch_RejectsOnlyTheBadOnesInOrder()
    {
        var debtor = Person(TestIds.ResidentId(), "孙八");
        var results = await EventsAsync(
            Listed("m-1", "(2026)京01执105号", debtor),
            new { eventId = "m-2", type = "shielded", caseNumber = "(2026)京01执999号", subject = debtor },
            new { eventId = "m-3", type = "listed", caseNumber = "x", subject = Person("110101199003071230", "坏号"), listedOn = "2026-01-01", @public = true },
            new { eventId = "m-4", type = "correction_requested", caseNumber = "(2026)京01执105号", subject = debtor, on = "2026-12-01" });

        Assert.Equal(["applied", "rejected", "rejected", "rejected"], results.Select(r => r.GetProperty("status").GetString()));
        Assert.Contains("not listed", results[1].GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Contains("idNumber", results[2].GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Contains("10 days", results[3].GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Requests_WithBadKeysRolesOrFields_AreRefusedWithProblems()
    {
        var debtor = Person(TestIds.ResidentId(), "周九");
        Assert.Equal(HttpStatusCode.Unauthorized, (await _system.SendAsync(HttpMethod.Post, "/v1/checks", null, new { measure = "consumption.air", subject = debtor })).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await _system.SendAsync(HttpMethod.Post, "/v1/checks", "jpa.rail.wrong", new { measure = "consumption.air", subject = debtor })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await _system.SendAsync(HttpMethod.Post, "/v1/checks", _court, new { measure = "consumption.air", subject = debtor })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await _system.SendAsync(HttpMethod.Post, "/v1/checks", _rail, new { measure = "consumption.hotel", subject = debtor })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await _system.SendAsync(HttpMethod.Post, "/v1/agencies", _rail, new { code = "x", name = "x", measures = Array.Empty<string>() })).StatusCode);

        // The API-key scheme's answers are problems: 401 asks for a bearer key, 403 names the roles the endpoint takes.
        using (var anonymous = await _system.SendAsync(HttpMethod.Post, "/v1/checks", null, new { measure = "consumption.air", subject = debtor }))
        {
            Assert.Equal("application/problem+json", anonymous.Content.Headers.ContentType?.MediaType);
            Assert.Equal("Bearer", Assert.Single(anonymous.Headers.WwwAuthenticate).Scheme);
        }

        var otherRole = await _system.JsonAsync(HttpMethod.Post, "/v1/checks", _court, new { measure = "consumption.air", subject = debtor }, 403);
        Assert.Equal("This endpoint is for: agency.", otherRole.GetProperty("detail").GetString());
        var operatorOnly = await _system.JsonAsync(HttpMethod.Post, "/v1/agencies", _rail, new { code = "x", name = "x", measures = Array.Empty<string>() }, 403);
        Assert.Equal("This endpoint is for: operator.", operatorOnly.GetProperty("detail").GetString());

        var invalid = await _system.JsonAsync(HttpMethod.Post, "/v1/checks", _rail,
            new { measure = "consumption.nope", subject = new { idType = "resident_id", idNumber = "110101199003071230" } }, 400);
        Assert.True(invalid.GetProperty("errors").TryGetProperty("measure", out _));
        Assert.True(invalid.GetProperty("errors").TryGetProperty("subject.idNumber", out _));

        using var notJson = await _system.SendAsync(HttpMethod.Post, "/v1/court/events", _court, "{not json");
        Assert.Equal(HttpStatusCode.BadRequest, notJson.StatusCode);
        Assert.Equal("application/problem+json", notJson.Content.Headers.ContentType?.MediaType);
        var tooMany = Enumerable.Range(0, 1001).Select(i => Listed($"big-{i}", "(2026)京01执1号", debtor)).ToArray();
        await _system.JsonAsync(HttpMethod.Post, "/v1/court/events", _court, new { events = tooMany }, 400);
        await _system.JsonAsync(HttpMethod.Get, $"/v1/court/subjects/resident_id/{debtor.idNumber}", _court, expectedStatus: 404);
        await _system.JsonAsync(HttpMethod.Post, "/v1/agencies", RunningSystem.OperatorKey, new { code = "rail", name = "again", measures = new[] { "consumption.air" } }, 409);
    }

    private static Subject Person(string idNumber, string name) => new("resident_id", idNumber, name);

    private static ListedEvent Listed(string eventId, string caseNumber, object subject) => new(eventId, "listed", caseNumber, subject, "2026-11-20", true);

    private async Task<JsonElement[]> EventsAsync(params object[] events)
    {
        var response = await _system.JsonAsync(HttpMethod.Post, "/v1/court/events", _court, new { events });
        return [.. response.GetProperty("results").EnumerateArray()];
    }

    private Task<JsonElement> CheckAsync(object body) => _system.JsonAsync(HttpMethod.Post, "/v1/checks", _rail, body);

    private async Task<string?> DecisionAsync(string measure, object subject, object? action = null) =>
        (await CheckAsync(action is null ? new { measure, subject } : new { measure, subject, action })).GetProperty("decision").GetString();

    private sealed record Subject(string idType, string idNumber, string name);

    private sealed record ListedEvent(string eventId, string type, string caseNumber, object subject, string listedOn, bool @public)
    {
        public object[]? Officers { get; init; }
    }
}
