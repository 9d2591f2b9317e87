using System.Diagnostics;
using System.Net;
using JointPunishment.Integration.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace JointPunishment.Client.Tests;

/// <summary>The JointPunishment.Client package, registered as an agency would, against a running gateway, silos and PostgreSQL.</summary>
public sealed class JointPunishmentClientTests(ClientTestSystem fixture) : IClassFixture<ClientTestSystem>
{
    private const string Rail = "consumption.rail";

    [Fact]
    public async Task Check_ListedDebtor_IsBlockedOnItsCase_AndAnUnlistedPassengerAllowed()
    {
        var key = fixture.AgencyKey;
        var debtor = Person(TestIds.ResidentId());
        await fixture.ListAsync("(2026)京01执500号", debtor);
        await using var services = NewClient(fixture.GatewayUrl, key);
        var client = services.GetRequiredService<JointPunishmentClient>();
        var g1Second = new RailAction("G1", "second");

        var blocked = await client.CheckAsync(new CheckRequest(Rail, debtor) { Action = g1Second });
        var allowed = await client.CheckAsync(new CheckRequest(Rail, Person(TestIds.ResidentId())) { Action = g1Second });

        Assert.Equal(Decision.Block, blocked.Decision);
        var measure = Assert.Single(blocked.Measures);
        Assert.Equal((Rail, Effect.Prohibit), (measure.Code, measure.Effect));
        Assert.Equal(new Basis("(2026)京01执500号", "c1", BasisRole.Debtor), Assert.Single(measure.Basis));
        Assert.True(Guid.TryParse(blocked.CheckId, out _));
        Assert.Equal(Decision.Allow, allowed.Decision);
        Assert.Empty(allowed.Measures);
        // A hard seat on a conventional train is not 高消费 (the rail rule travels through the typed action).
        Assert.Equal(Decision.Allow, (await client.CheckAsync(new CheckRequest(Rail, debtor) { Action = new RailAction("K1234", "hard_seat") })).Decision);
    }

    [Fact]
    public async Task Check_RedListedPassenger_IsAllowedWithItsIncentives_AndOthersHaveNone()
    {
        var model = Person(TestIds.ResidentId());
        await fixture.System.JsonAsync(HttpMethod.Post, "/v1/red-list", RunningSystem.OperatorKey,
            new { subject = new { idType = "resident_id", idNumber = model.IdNumber, name = "守信者" }, category = "纳税信用A级纳税人", basis = "2026年度评定" }, 201);
        await using var services = NewClient(fixture.GatewayUrl, fixture.AgencyKey);
        var client = services.GetRequiredService<JointPunishmentClient>();

        var check = await client.CheckAsync(new CheckRequest(Rail, model) { Action = new RailAction("G1", "second") });
        var other = await client.CheckAsync(new CheckRequest(Rail, Person(TestIds.ResidentId())) { Action = new RailAction("G1", "second") });

        Assert.Equal(Decision.Allow, check.Decision);
        Assert.Equal(new Incentive("纳税信用A级纳税人", "2026年度评定"), Assert.Single(check.Incentives!));
        Assert.Null(other.Incentives);
    }

    [Fact]
    public async Task Check_ApplicantUnitWithAListedDirector_IsReviewedUnderPlusA()
    {
        var director = Person(TestIds.ResidentId());
        await fixture.ListAsync("(2026)京01执506号", director);
        await using var services = NewClient(fixture.GatewayUrl, fixture.AgencyKey);
        var client = services.GetRequiredService<JointPunishmentClient>();
        var applicant = new Subject(IdType.Uscc, TestIds.Uscc(), "申请公司");

        var check = await client.CheckAsync(new CheckRequest("credit.bank_credit", applicant)
        {
            RelatedPersons = [new RelatedPerson(RelatedPersonRole.Director, IdType.ResidentId, director.IdNumber)],
        });

        Assert.Equal(Decision.Review, check.Decision);
        Assert.Equal(new Basis("(2026)京01执506号", "c1", BasisRole.Director), Assert.Single(Assert.Single(check.Measures).Basis));
        Assert.Equal(Decision.Allow, (await client.CheckAsync(new CheckRequest("credit.bank_credit", applicant))).Decision);
    }

    [Fact]
    public async Task CheckBatch_MoreThanTenThousandSubjects_IsSentInSeveralRequests_AndAnsweredInInputOrder()
    {
        var key = fixture.AgencyKey;
        var first = Person(TestIds.ResidentId());
        var second = Person(TestIds.ResidentId());
        await fixture.ListAsync("(2026)京01执501号", first);
        await fixture.ListAsync("(2026)京01执502号", second);
        // 10,003 distinct passengers: consecutive ids on one birth date never repeat within 1000.
        var subjects = Enumerable.Range(0, JointPunishmentClient.MaxBatchSize + 3)
            .Select(i => Person(TestIds.ResidentId($"196001{1 + (i / 1000):00}")))
            .ToArray();
        subjects[1] = first;
        subjects[JointPunishmentClient.MaxBatchSize + 1] = second;
        var valid = subjects[^1].IdNumber;
        subjects[^1] = subjects[^1] with { IdNumber = valid[..^1] + (valid[^1] == '0' ? '1' : '0') };
        var log = new AttemptLog();
        await using var services = NewClient(fixture.GatewayUrl, key, log);

        var results = await services.GetRequiredService<JointPunishmentClient>().CheckBatchAsync(Rail, subjects);

        Assert.Equal(["/v1/checks/batch 200", "/v1/checks/batch 200"], log.Attempts);
        Assert.Equal(subjects.Length, results.Count);
        Assert.Equal(Decision.Block, results[1].Decision);
        Assert.Equal("(2026)京01执501号", results[1].Measures![0].Basis[0].CaseNumber);
        Assert.Equal(Decision.Block, results[JointPunishmentClient.MaxBatchSize + 1].Decision);
        Assert.Equal("(2026)京01执502号", results[JointPunishmentClient.MaxBatchSize + 1].Measures![0].Basis[0].CaseNumber);
        Assert.False(results[^1].IsChecked);
        Assert.StartsWith("idNumber", results[^1].Error, StringComparison.Ordinal);
        var others = results.Where((_, i) => i is not (1 or JointPunishmentClient.MaxBatchSize + 1) && i != results.Count - 1).ToArray();
        Assert.Equal(subjects.Length - 3, others.Length);
        Assert.All(others, r => Assert.Equal(Decision.Allow, r.Decision));
        Assert.Equal(subjects.Length - 1, results.Where(r => r.IsChecked).Select(r => r.CheckId).Distinct().Count());
    }

    [Fact]
    public async Task Feedback_OnABlockedCheck_IsAccepted_AndCountedInTheAgencysLedger()
    {
        var (code, key) = (fixture.AgencyCode, fixture.AgencyKey);
        var debtor = Person(TestIds.ResidentId());
        await fixture.ListAsync("(2026)京01执503号", debtor);
        await using var services = NewClient(fixture.GatewayUrl, key);
        var client = services.GetRequiredService<JointPunishmentClient>();
        var check = await client.CheckAsync(new CheckRequest(Rail, debtor));

        await client.SendFeedbackAsync(check.CheckId, FeedbackOutcome.Refused);

        var ledger = await fixture.System.JsonAsync(HttpMethod.Get, $"/v1/agencies/{code}/ledger", RunningSystem.OperatorKey);
        Assert.Equal(1, ledger.GetProperty("feedback").GetProperty("refused").GetInt64());
        var unknown = await Assert.ThrowsAsync<JointPunishmentApiException>(() => client.SendFeedbackAsync(Guid.NewGuid().ToString(), FeedbackOutcome.Served));
        Assert.Equal(HttpStatusCode.NotFound, unknown.Status);
    }

    [Fact]
    public async Task Check_SubjectWithAWrongCheckCharacter_ThrowsTheProblemNamingTheField_WithoutRetrying()
    {
        var key = fixture.AgencyKey;
        var valid = TestIds.ResidentId();
        var log = new AttemptLog();
        await using var services = NewClient(fixture.GatewayUrl, key, log);

        var problem = await Assert.ThrowsAsync<JointPunishmentApiException>(() => services.GetRequiredService<JointPunishmentClient>()
            .CheckAsync(new CheckRequest(Rail, Person(valid[..^1] + (valid[^1] == '0' ? '1' : '0')))));

        Assert.Equal(HttpStatusCode.BadRequest, problem.Status);
        Assert.Equal("Invalid request", problem.Title);
        Assert.NotEmpty(Assert.Contains("subject.idNumber", problem.Errors));
        Assert.Equal(["/v1/checks 400"], log.Attempts);
    }

    [Fact]
    public async Task Check_WithAWrongKey_Throws401()
    {
        await using var services = NewClient(fixture.GatewayUrl, "jpa_not-a-key");

        var problem = await Assert.ThrowsAsync<JointPunishmentApiException>(() =>
            services.GetRequiredService<JointPunishmentClient>().CheckAsync(new CheckRequest(Rail, Person(TestIds.ResidentId()))));

        Assert.Equal(HttpStatusCode.Unauthorized, problem.Status);
    }

    [Fact]
    public async Task Check_OverTheAgencysRateLimit_WaitsAsRetryAfterSays_AndSucceeds()
    {
        var key = fixture.AgencyKey;
        var (url, _) = await fixture.StartGatewayOnPortAsync(FreePorts.Next(), new Dictionary<string, string?> { ["RateLimits:Agency:RequestsPerSecond"] = "1" });
        var log = new AttemptLog();
        await using var services = NewClient(url, key, log);
        var client = services.GetRequiredService<JointPunishmentClient>();
        await client.CheckAsync(new CheckRequest(Rail, Person(TestIds.ResidentId())));
        var clock = Stopwatch.StartNew();

        var second = await client.CheckAsync(new CheckRequest(Rail, Person(TestIds.ResidentId())));

        Assert.Equal(Decision.Allow, second.Decision);
        // Refused while the bucket is empty (once, or again when the retry lands just before the bucket refills), then served.
        Assert.Equal("/v1/checks 200", log.Attempts[0]);
        Assert.Equal("/v1/checks 429", log.Attempts[1]);
        Assert.All(log.Attempts.Skip(1).SkipLast(1), a => Assert.Equal("/v1/checks 429", a));
        Assert.Equal("/v1/checks 200", log.Attempts[^1]);
        // Retry-After: 1, not the client's own (shorter) first delay.
        Assert.True(clock.Elapsed >= TimeSpan.FromSeconds(0.9), $"retried after {clock.Elapsed}");
    }

    [Fact]
    public async Task ReferObjection_RefusedWithA429_IsNotRetried_BecauseARepeatWouldFileASecondObjection()
    {
        var key = fixture.AgencyKey;
        var debtor = Person(TestIds.ResidentId());
        await fixture.ListAsync("(2026)京01执504号", debtor);
        var (url, _) = await fixture.StartGatewayOnPortAsync(FreePorts.Next(), new Dictionary<string, string?> { ["RateLimits:Agency:RequestsPerSecond"] = "1" });
        var log = new AttemptLog();
        await using var services = NewClient(url, key, log);
        var client = services.GetRequiredService<JointPunishmentClient>();
        await client.CheckAsync(new CheckRequest(Rail, debtor));

        var refused = await Assert.ThrowsAsync<JointPunishmentApiException>(() => client.ReferObjectionAsync(debtor, Rail, "已履行完毕"));

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.Status);
        Assert.Equal(TimeSpan.FromSeconds(1), refused.RetryAfter);
        Assert.Equal(["/v1/checks 200", "/v1/objections 429"], log.Attempts);
        await Task.Delay(TimeSpan.FromSeconds(1.1));
        var referral = await client.ReferObjectionAsync(debtor, Rail, "已履行完毕");
        Assert.Equal(new ObjectionCase("(2026)京01执504号", "c1"), Assert.Single(referral.Cases));
    }

    [Fact]
    public async Task Check_WhileTheGatewayIsStoppedAndRestarted_IsRetriedUntilTheNewGatewayAnswers()
    {
        var key = fixture.AgencyKey;
        var port = FreePorts.Next();
        var (url, gateway) = await fixture.StartGatewayOnPortAsync(port);
        var log = new AttemptLog();
        await using var services = NewClient(url, key, log, o =>
        {
            o.MaxRetryAttempts = 12;
            o.RetryDelay = TimeSpan.FromMilliseconds(200);
        });
        var client = services.GetRequiredService<JointPunishmentClient>();
        Assert.Equal(Decision.Allow, (await client.CheckAsync(new CheckRequest(Rail, Person(TestIds.ResidentId())))).Decision);
        await gateway.DisposeAsync();

        var check = client.CheckAsync(new CheckRequest(Rail, Person(TestIds.ResidentId())));
        await ClusterHarness.EventuallyAsync(() =>
        {
            Assert.Contains("/v1/checks failed", log.Attempts);
            return Task.CompletedTask;
        }, TimeSpan.FromSeconds(30));
        Assert.False(check.IsCompleted);
        await fixture.StartGatewayOnPortAsync(port);

        Assert.Equal(Decision.Allow, (await check).Decision);
        Assert.Equal("/v1/checks 200", log.Attempts[0]);
        Assert.Equal("/v1/checks 200", log.Attempts[^1]);
        Assert.Contains("/v1/checks failed", log.Attempts.Skip(1).SkipLast(1));
    }

    [Fact]
    public async Task CreditRepair_AfterShielding_IsRecorded_AndWhileListedIs409()
    {
        var (code, key) = (fixture.AgencyCode, fixture.AgencyKey);
        var debtor = Person(TestIds.ResidentId());
        await fixture.ListAsync("(2026)京01执505号", debtor);
        await using var services = NewClient(fixture.GatewayUrl, key);
        var client = services.GetRequiredService<JointPunishmentClient>();

        var listed = await Assert.ThrowsAsync<JointPunishmentApiException>(() => client.DecideCreditRepairAsync(debtor, CreditRepairDecision.Granted));
        await fixture.ShieldAsync("(2026)京01执505号", debtor);
        var record = await client.DecideCreditRepairAsync(debtor, CreditRepairDecision.Granted, "信用修复已受理");

        Assert.Equal(HttpStatusCode.Conflict, listed.Status);
        Assert.Equal((code, CreditRepairDecision.Granted, "信用修复已受理"), (record.Agency, record.Decision, record.Note));
        Assert.Equal(IdType.ResidentId, record.Subject.IdType);
        Assert.DoesNotContain(debtor.IdNumber, record.Subject.IdNumberMasked, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Watchlist_AMemberListedThenShielded_IsAlertedRestrictedThenLifted_InOrder_ThroughTheFeedsCursor()
    {
        var member = Person(TestIds.ResidentId());
        await using var services = NewClient(fixture.GatewayUrl, fixture.AgencyKey);
        var client = services.GetRequiredService<JointPunishmentClient>();
        var cursor = await EndOfAlertsAsync(client);

        var change = await client.UpdateWatchlistAsync("client-staff", Rail, [new WatchlistMember("emp-1", IdType.ResidentId, member.IdNumber)]);
        await fixture.ListAsync("(2026)京01执520号", member);
        var restricted = await client.GetAlertsAsync(cursor);
        await fixture.ShieldAsync("(2026)京01执520号", member);
        var lifted = await client.GetAlertsAsync(restricted.Next);

        Assert.Equal(new WatchlistChange(1, 0), change);
        var first = Assert.Single(restricted.Items);
        Assert.Equal(("client-staff", "emp-1", Rail, AlertKind.Restricted), (first.Watchlist, first.Ref, first.Measure, first.Kind));
        Assert.NotEqual(Decision.Allow, first.Decision);
        var second = Assert.Single(lifted.Items);
        Assert.Equal(("emp-1", AlertKind.Lifted, Decision.Allow), (second.Ref, second.Kind, second.Decision));
        Assert.True(second.Seq > first.Seq);
        Assert.Empty((await client.GetAlertsAsync(lifted.Next)).Items);
    }

    [Fact]
    public async Task Assistance_ACourtsRequest_IsListedOpen_ReadAndAnsweredOnce_ASecondAnswerThrows409()
    {
        var subject = Person(TestIds.ResidentId());
        var sent = await fixture.System.JsonAsync(HttpMethod.Post, "/v1/assistance", fixture.CourtKey, new
        {
            caseNumber = "(2026)京01执530号", agency = fixture.AgencyCode, kind = "freeze", detail = "冻结账户",
            subject = new { idType = "resident_id", idNumber = subject.IdNumber, name = "张三" },
        }, 201);
        var id = sent.GetProperty("id").GetString()!;
        await using var services = NewClient(fixture.GatewayUrl, fixture.AgencyKey);
        var client = services.GetRequiredService<JointPunishmentClient>();

        var open = await client.GetAssistanceRequestsAsync(AssistanceStatus.Open);
        var request = await client.GetAssistanceRequestAsync(id);
        await client.AnswerAssistanceAsync(id, new AssistanceAnswer(AssistanceOutcome.Done, "已冻结"));
        var again = await Assert.ThrowsAsync<JointPunishmentApiException>(() => client.AnswerAssistanceAsync(id, new AssistanceAnswer(AssistanceOutcome.Unable)));
        var answered = await client.GetAssistanceRequestAsync(id);

        Assert.Contains(open.Items, r => r.Id == id);
        Assert.Equal(("(2026)京01执530号", fixture.AgencyCode, AssistanceKind.Freeze, subject.IdNumber, "冻结账户"),
            (request.CaseNumber, request.Agency, request.Kind, request.Subject.IdNumber, request.Detail));
        Assert.True(request.DueOn > DateOnly.FromDateTime(DateTime.UtcNow));
        Assert.Equal(HttpStatusCode.Conflict, again.Status);
        Assert.Equal(new AssistanceAnswer(AssistanceOutcome.Done, "已冻结"), answered.Answer);
        Assert.DoesNotContain((await client.GetAssistanceRequestsAsync(AssistanceStatus.Open)).Items, r => r.Id == id);
    }

    /// <summary>The cursor at the end of the agency's alert feed as it stands.</summary>
    private static async Task<string> EndOfAlertsAsync(JointPunishmentClient client)
    {
        var page = await client.GetAlertsAsync();
        while (page.Items.Count > 0)
        {
            page = await client.GetAlertsAsync(page.Next);
        }

        return page.Next;
    }

    private static Subject Person(string residentId) => new(IdType.ResidentId, residentId, "张三");

    /// <summary>The client as an agency registers it, plus an attempt log inside the resilience pipeline when given.</summary>
    private static ServiceProvider NewClient(Uri gateway, string key, AttemptLog? log = null, Action<JointPunishmentClientOptions>? tune = null)
    {
        var services = new ServiceCollection();
        var builder = services.AddJointPunishmentClient(o =>
        {
            o.BaseAddress = gateway;
            o.ApiKey = key;
            tune?.Invoke(o);
        });
        if (log is not null)
        {
            builder.AddHttpMessageHandler(log.NewHandler);
        }

        return services.BuildServiceProvider();
    }
}
