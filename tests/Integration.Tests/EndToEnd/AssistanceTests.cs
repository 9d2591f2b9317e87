using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization;
using JointPunishment.Gateway.AgencyWebhooks;
using JointPunishment.Integration.Tests.Infrastructure;
using JointPunishment.Grains.Interfaces.Model;
using JointPunishment.Storage.Assistance;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Npgsql;

namespace JointPunishment.Integration.Tests.EndToEnd;

/// <summary>
/// Assistance requests (协助执行) through HTTP: a court asks, the agency asked lists and answers once, the court reads the
/// answer; nobody else can see the request; unanswered after its due date it counts in the agency's ledger, the stats and
/// the operator's overdue list (a FakeTimeProvider moves "today"); and the agency's signed webhook delivers every request
/// once it recovers, in order. Each test starts its own system: the webhook's needs the real clock.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class AssistanceTests(PostgresServer postgres) : IAsyncLifetime
{
    private const string Case = "(2026)京01执100号";

    private readonly FakeTimeProvider _time = new(CstNoon(2026, 11, 1));
    private RunningSystem _system = null!;
    private AgencyWebhookReceiver? _receiver;
    private string _court = "";
    private string _air = "";

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_receiver is not null)
        {
            await _receiver.DisposeAsync();
        }

        if (_system is not null)
        {
            await _system.DisposeAsync();
        }
    }

    [Fact]
    public async Task Request_AgencyListsAndAnswersOnce_CourtReadsTheAnswer_AndTheNumberIsNotStoredInClear()
    {
        await StartAsync(_time);
        var debtor = Person();

        var created = await RequestAsync(new { caseNumber = Case, agency = "air", kind = "freeze", subject = debtor, detail = "冻结账户余额" });
        var id = created.GetProperty("id").GetString()!;
        Assert.Equal("2026-11-08", created.GetProperty("dueOn").GetString());

        var open = Assert.Single(await ListAsync(_air, "open"));
        Assert.Equal(id, open.GetProperty("id").GetString());
        Assert.Equal(Case, open.GetProperty("caseNumber").GetString());
        Assert.Equal("c1", open.GetProperty("court").GetString());
        Assert.Equal("freeze", open.GetProperty("kind").GetString());
        Assert.Equal(debtor.IdNumber, open.GetProperty("subject").GetProperty("idNumber").GetString());
        Assert.Equal("张三", open.GetProperty("subject").GetProperty("name").GetString());
        Assert.Equal("冻结账户余额", open.GetProperty("detail").GetString());
        Assert.Equal("open", open.GetProperty("status").GetString());
        Assert.Equal(0L, await _system.CountRowsContainingAsync("jp_assistance", debtor.IdNumber));

        // Two answers at once: exactly one is taken.
        var answers = await Task.WhenAll(
            _system.SendAsync(HttpMethod.Post, $"/v1/assistance/{id}/answer", _air, new { outcome = "done", detail = "已冻结 1000 元" }),
            _system.SendAsync(HttpMethod.Post, $"/v1/assistance/{id}/answer", _air, new { outcome = "unable" }));
        Assert.Equal([200, 409], answers.Select(a => (int)a.StatusCode).Order());
        var taken = answers.Single(a => a.IsSuccessStatusCode);
        var outcome = JsonDocument.Parse(await taken.Content.ReadAsStringAsync()).RootElement.GetProperty("answer").GetProperty("outcome").GetString();
        await _system.JsonAsync(HttpMethod.Post, $"/v1/assistance/{id}/answer", _air, new { outcome = "found" }, 409);

        var read = await _system.JsonAsync(HttpMethod.Get, $"/v1/assistance/{id}", _court);
        Assert.Equal("answered", read.GetProperty("status").GetString());
        Assert.Equal(outcome, read.GetProperty("answer").GetProperty("outcome").GetString());
        Assert.Empty(await ListAsync(_air, "open"));
        Assert.Equal(id, Assert.Single(await ListAsync(_air, "answered")).GetProperty("id").GetString());
        Assert.Equal(id, Assert.Single(await ListAsync(_court, null)).GetProperty("id").GetString());
    }

    [Fact]
    public async Task Request_AnotherAgencyOrCourt_Gets404_AndNeverSeesItInItsLists()
    {
        await StartAsync(_time);
        var otherAgency = await _system.RegisterAgencyAsync("rail", "consumption.rail");
        var otherCourt = await _system.RegisterCourtAsync("c2");
        var id = (await RequestAsync(new { caseNumber = Case, agency = "air", kind = "query", subject = Person() })).GetProperty("id").GetString()!;
        await _system.JsonAsync(HttpMethod.Post, "/v1/assistance", otherCourt, new { caseNumber = "(2026)京02执1号", agency = "rail", kind = "locate", subject = Person() }, 201);

        await _system.JsonAsync(HttpMethod.Get, $"/v1/assistance/{id}", otherAgency, expectedStatus: 404);
        await _system.JsonAsync(HttpMethod.Get, $"/v1/assistance/{id}", otherCourt, expectedStatus: 404);
        await _system.JsonAsync(HttpMethod.Get, $"/v1/assistance/{Guid.NewGuid():N}", _air, expectedStatus: 404);
        await _system.JsonAsync(HttpMethod.Post, $"/v1/assistance/{id}/answer", otherAgency, new { outcome = "found" }, 404);
        await _system.JsonAsync(HttpMethod.Get, $"/v1/assistance/{id}", RunningSystem.OperatorKey, expectedStatus: 403);
        Assert.DoesNotContain(await ListAsync(otherAgency, null), r => r.GetProperty("id").GetString() == id);
        Assert.DoesNotContain(await ListAsync(otherCourt, null), r => r.GetProperty("id").GetString() == id);
        Assert.Equal(["rail"], (await ListAsync(otherAgency, null)).Select(r => r.GetProperty("agency").GetString()));
        Assert.Equal(["c2"], (await ListAsync(otherCourt, null)).Select(r => r.GetProperty("court").GetString()));
        Assert.Equal("open", (await _system.JsonAsync(HttpMethod.Get, $"/v1/assistance/{id}", _air)).GetProperty("status").GetString());
    }

    [Fact]
    public async Task Request_InvalidInput_Is400NamingTheField_AndStoresNothing()
    {
        await StartAsync(_time);
        var debtor = Person();
        var badNumber = debtor with { IdNumber = debtor.IdNumber[..17] + (debtor.IdNumber[^1] == '0' ? "1" : "0") };
        var cases = new (object Body, string Field)[]
        {
            (new { caseNumber = Case, agency = "nobody", kind = "query", subject = debtor }, "agency"),
            (new { caseNumber = Case, agency = "air", kind = "confiscate", subject = debtor }, "kind"),
            (new { caseNumber = "  ", agency = "air", kind = "query", subject = debtor }, "caseNumber"),
            (new { caseNumber = new string('号', 101), agency = "air", kind = "query", subject = debtor }, "caseNumber"),
            (new { caseNumber = Case, agency = "air", kind = "query", subject = badNumber }, "subject.idNumber"),
            (new { caseNumber = Case, agency = "air", kind = "query" }, "subject"),
            (new { caseNumber = Case, agency = "air", kind = "query", subject = debtor, detail = new string('细', 2001) }, "detail"),
        };
        foreach (var (body, field) in cases)
        {
            var problem = await _system.JsonAsync(HttpMethod.Post, "/v1/assistance", _court, body, 400);
            Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"{field}: {problem}");
        }

        await _system.JsonAsync(HttpMethod.Post, "/v1/assistance", _air, new { caseNumber = Case, agency = "air", kind = "query", subject = debtor }, 403);
        Assert.Equal(0L, await CountAsync("SELECT count(*) FROM jp_assistance"));

        var id = (await RequestAsync(new { caseNumber = Case, agency = "air", kind = "seize", subject = debtor })).GetProperty("id").GetString()!;
        var bad = await _system.JsonAsync(HttpMethod.Post, $"/v1/assistance/{id}/answer", _air, new { outcome = "maybe" }, 400);
        Assert.True(bad.GetProperty("errors").TryGetProperty("outcome", out _), bad.ToString());
        Assert.True((await _system.JsonAsync(HttpMethod.Get, "/v1/assistance?status=pending", _air, expectedStatus: 400)).GetProperty("errors").TryGetProperty("status", out _));
        Assert.Equal("open", (await _system.JsonAsync(HttpMethod.Get, $"/v1/assistance/{id}", _air)).GetProperty("status").GetString());
    }

    [Fact]
    public async Task Webhook_BadUrlOrSecret_Is400NamingTheField_AndStoresNothing()
    {
        await StartAsync(_time);
        var secret = NewSecret();
        var cases = new (object Body, string Field)[]
        {
            (new { url = "http://example.com/hook", secret }, "url"),
            (new { url = "https://127.0.0.1/hook", secret }, "url"),
            (new { url = "https://10.1.2.3/hook", secret }, "url"),
            (new { url = "not a url", secret }, "url"),
            (new { url = "https://1.1.1.1/hook", secret = "plain-text-secret" }, "secret"),
            (new { url = "https://1.1.1.1/hook", secret = "whsec_" + Convert.ToBase64String(new byte[8]) }, "secret"),
            (new { url = "https://1.1.1.1/hook" }, "secret"),
        };
        foreach (var (body, field) in cases)
        {
            var problem = await _system.JsonAsync(HttpMethod.Put, "/v1/alerts/webhook", _air, body, 400);
            Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"{field}: {problem}");
        }

        await _system.JsonAsync(HttpMethod.Put, "/v1/alerts/webhook", _court, new { url = "https://1.1.1.1/hook", secret }, 403);
        Assert.Equal(0L, await CountAsync("SELECT count(*) FROM jp_agency_webhook"));
    }

    [Fact]
    public async Task Overdue_UnansweredAfterItsDueDate_CountsInTheLedgerAndStats_AndIsInTheOperatorsList()
    {
        await StartAsync(_time, new Dictionary<string, string?> { ["Assistance:DueDays:freeze"] = "2" });
        var rail = await _system.RegisterAgencyAsync("rail", "consumption.rail");
        var freeze = await RequestAsync(new { caseNumber = Case, agency = "air", kind = "freeze", subject = Person() });
        Assert.Equal("2026-11-03", freeze.GetProperty("dueOn").GetString());
        var query = await RequestAsync(new { caseNumber = Case, agency = "air", kind = "query", subject = Person() });
        Assert.Equal("2026-11-08", query.GetProperty("dueOn").GetString());
        var answered = await RequestAsync(new { caseNumber = Case, agency = "air", kind = "freeze", subject = Person() });
        await _system.JsonAsync(HttpMethod.Post, $"/v1/assistance/{answered.GetProperty("id").GetString()}/answer", _air, new { outcome = "not_found" });

        _time.SetUtcNow(CstNoon(2026, 11, 3));
        Assert.Equal(0, (await LedgerAsync("air")).GetProperty("assistanceOverdue").GetInt64());
        Assert.Empty(await OverdueAsync());

        _time.SetUtcNow(CstNoon(2026, 11, 4));
        Assert.Equal(1, (await LedgerAsync("air")).GetProperty("assistanceOverdue").GetInt64());
        Assert.Equal(0, (await _system.JsonAsync(HttpMethod.Get, "/v1/agencies/rail/ledger", rail)).GetProperty("assistanceOverdue").GetInt64());
        var stats = await _system.JsonAsync(HttpMethod.Get, "/v1/stats", RunningSystem.OperatorKey);
        var counted = Assert.Single(stats.GetProperty("assistanceOverdue").EnumerateArray());
        Assert.Equal(("air", 1L), (counted.GetProperty("agency").GetString(), counted.GetProperty("count").GetInt64()));
        var item = Assert.Single(await OverdueAsync());
        Assert.Equal(freeze.GetProperty("id").GetString(), item.GetProperty("id").GetString());
        Assert.Equal("air", item.GetProperty("agency").GetString());
        Assert.Equal("c1", item.GetProperty("court").GetString());
        Assert.Equal("2026-11-03", item.GetProperty("dueOn").GetString());
        Assert.Equal(1, item.GetProperty("daysOverdue").GetInt32());
        Assert.False(item.TryGetProperty("subject", out _));
        await _system.JsonAsync(HttpMethod.Get, "/v1/assistance/overdue", _court, expectedStatus: 403);

        // Paged: one at a time, in the order they were made.
        _time.SetUtcNow(CstNoon(2026, 11, 9));
        var first = await _system.JsonAsync(HttpMethod.Get, "/v1/assistance/overdue?limit=1", RunningSystem.OperatorKey);
        var second = await _system.JsonAsync(HttpMethod.Get, $"/v1/assistance/overdue?limit=1&after={first.GetProperty("next").GetString()}", RunningSystem.OperatorKey);
        Assert.Equal(freeze.GetProperty("id").GetString(), Assert.Single(first.GetProperty("items").EnumerateArray()).GetProperty("id").GetString());
        Assert.Equal(query.GetProperty("id").GetString(), Assert.Single(second.GetProperty("items").EnumerateArray()).GetProperty("id").GetString());
        Assert.Equal(2, (await LedgerAsync("air")).GetProperty("assistanceOverdue").GetInt64());

        await _system.JsonAsync(HttpMethod.Post, $"/v1/assistance/{freeze.GetProperty("id").GetString()}/answer", _air, new { outcome = "done" });
        Assert.Equal(1, (await LedgerAsync("air")).GetProperty("assistanceOverdue").GetInt64());

        // Due days are checked when a gateway starts.
        var misconfigured = _system.CreateGateway(new Dictionary<string, string?> { ["Assistance:DueDays:seize"] = "0" });
        var refused = Assert.Throws<OptionsValidationException>(() => misconfigured.CreateClient());
        Assert.Contains("Assistance:DueDays:Seize must be from 1 to 365 days", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Webhook_ReceiverFailingAtFirst_GetsEveryRequestOnceInOrderAfterItRecovers_FromTwoGateways_EachSignatureVerified()
    {
        // A slow receiver: each delivery takes long enough that the other gateway's dispatcher polls meanwhile.
        _receiver = await AgencyWebhookReceiver.StartAsync(failures: 3, answerAfter: TimeSpan.FromMilliseconds(300));
        var settings = new Dictionary<string, string>
        {
            ["AgencyWebhooks:PollInterval"] = "00:00:00.100",
            ["AgencyWebhooks:RetryDelay"] = "00:00:00.100",
            ["AgencyWebhooks:MaxRetryDelay"] = "00:00:00.400",
            // The receiver listens on plain http on loopback, which a deployment does not allow by default.
            ["AgencyWebhooks:AllowHttp"] = "true",
            ["AgencyWebhooks:AllowPrivateAddresses"] = "true",
        };
        await StartAsync(null, settings.ToDictionary(p => p.Key, p => (string?)p.Value));
        // A second gateway runs the dispatcher too: the agency is served by one at a time.
        await _system.StartAnotherGatewayAsync(settings);
        await _system.JsonAsync(HttpMethod.Put, "/v1/alerts/webhook", _air, new { url = _receiver.Url, secret = _receiver.Secret }, 204);

        var ids = new List<string>();
        foreach (var kind in new[] { "query", "freeze", "transfer" })
        {
            ids.Add((await RequestAsync(new { caseNumber = Case, agency = "air", kind, subject = Person() })).GetProperty("id").GetString()!);
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var (acknowledged, failed) = await _receiver.AcknowledgedAsync(ids.Count, timeout.Token);
        Assert.Equal(3, failed);
        Assert.Equal(ids, acknowledged.Select(d => d.Data.GetProperty("id").GetString()));
        Assert.Equal(3, acknowledged.Select(d => d.WebhookId).Distinct().Count());
        Assert.All(acknowledged, d => Assert.Equal("assistance.requested", d.Type));
        Assert.Equal(["query", "freeze", "transfer"], acknowledged.Select(d => d.Data.GetProperty("kind").GetString()));
        Assert.All(acknowledged, d => Assert.Equal("air", d.Data.GetProperty("agency").GetString()));

        // A fourth request follows on its own, once, and nothing already acknowledged comes again.
        ids.Add((await RequestAsync(new { caseNumber = Case, agency = "air", kind = "seize", subject = Person() })).GetProperty("id").GetString()!);
        var fourth = await _receiver.Deliveries.ReadAsync(timeout.Token);
        Assert.Equal((200, ids[3]), (fourth.Status, fourth.Data.GetProperty("id").GetString()));
        Assert.True(fourth.Verified);
        Assert.False(_receiver.Deliveries.TryRead(out _));

        await _system.JsonAsync(HttpMethod.Delete, "/v1/alerts/webhook", _air, expectedStatus: 204);
        Assert.Equal(0L, await CountAsync("SELECT count(*) FROM jp_agency_webhook"));
        Assert.Equal(0L, await _system.CountRowsContainingAsync("jp_agency_webhook_cursor", _receiver.Secret[6..]));
    }

    [Fact]
    public async Task AgencyPositions_ARequestCommittingLater_IsNeverPassedByOneSentAfterIt()
    {
        await StartAsync(_time);
        var store = _system.GatewayServices.GetRequiredService<AssistanceStore>();
        var source = _system.GatewayServices.GetServices<IAgencyMessageSource>().Single(s => s.Name == AssistanceMessageSource.SourceName);

        // Gateway 1 has stored request A but not committed; gateway 2 stores B meanwhile.
        await using var connection = new NpgsqlConnection(_system.AppConnectionString);
        await connection.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        var a = await store.AddAsync(connection, transaction, NewRequest("a"), "subj:a", CancellationToken.None);
        var b = store.AddAsync(NewRequest("b"), "subj:b", CancellationToken.None);
        await WaitUntilBlockedAsync();

        Assert.False(b.IsCompleted);
        Assert.Empty(await source.ReadAfterAsync("air", 0, 10, CancellationToken.None));

        await transaction.CommitAsync();
        var stored = await b;
        Assert.Equal((1L, 2L), (a.AgencySeq, stored.AgencySeq));
        Assert.Equal([1L, 2L], (await source.ReadAfterAsync("air", 0, 10, CancellationToken.None)).Select(m => m.Seq));
    }

    [Fact]
    public async Task CourtPositions_ARequestToOneAgencyCommittingLater_IsNeverPassedByOneToAnotherSentAfterIt()
    {
        await StartAsync(_time);
        var store = _system.GatewayServices.GetRequiredService<AssistanceStore>();

        // Gateway 1 has stored the court's request to air but not committed; gateway 2 stores its request to rail
        // meanwhile: different agencies, so only the court's lock can keep them in order.
        await using var connection = new NpgsqlConnection(_system.AppConnectionString);
        await connection.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        var a = await store.AddAsync(connection, transaction, NewRequest("ca"), "subj:ca", CancellationToken.None);
        var b = store.AddAsync(NewRequest("cb") with { Agency = "rail" }, "subj:cb", CancellationToken.None);
        await WaitUntilBlockedAsync();

        Assert.False(b.IsCompleted);
        Assert.Empty(await store.ListAsync(ofAgency: false, "c1", AssistanceStatusFilter.All, 0, 10, CancellationToken.None));

        await transaction.CommitAsync();
        var stored = await b;
        Assert.True(a.CourtSeq < stored.CourtSeq, $"court positions {a.CourtSeq}, {stored.CourtSeq}");
        Assert.Equal(["ca", "cb"], (await store.ListAsync(ofAgency: false, "c1", AssistanceStatusFilter.All, 0, 10, CancellationToken.None)).Select(r => r.Id));
    }

    [Fact]
    public async Task OpenApi_DescribesTheAssistanceAndWebhookRoutes()
    {
        await StartAsync(_time);
        var document = (await _system.JsonAsync(HttpMethod.Get, "/openapi/v1.json", null)).GetProperty("paths");
        foreach (var path in new[] { "/v1/assistance", "/v1/assistance/overdue", "/v1/assistance/{id}", "/v1/assistance/{id}/answer", "/v1/alerts/webhook" })
        {
            Assert.True(document.TryGetProperty(path, out _), $"{path} is not in the OpenAPI document");
        }
    }

    private async Task StartAsync(TimeProvider? time, IReadOnlyDictionary<string, string?>? settings = null)
    {
        _system = await RunningSystem.StartAsync(postgres, gatewayTime: time, gatewaySettings: settings);
        _court = await _system.RegisterCourtAsync("c1");
        _air = await _system.RegisterAgencyAsync("air", "consumption.air");
    }

    /// <summary>Until a statement of the system's database waits for a lock (gateway 2's insert behind the agency's counter row).</summary>
    private async Task WaitUntilBlockedAsync()
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (await CountAsync("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'") == 0)
        {
            Assert.True(DateTime.UtcNow < deadline, "the second insert never waited for the first");
            await Task.Delay(20);
        }
    }

    private AssistanceRequest NewRequest(string id) => new(
        id, 0, 0, "c1", "air", Case, AssistanceKind.Query, new SubjectRef(IdType.ResidentId, TestIds.ResidentId(), "张三"), null, _time.GetUtcNow(), new DateOnly(2026, 11, 8), null);

    private async Task<long> CountAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(_system.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private Task<JsonElement> RequestAsync(object body) => _system.JsonAsync(HttpMethod.Post, "/v1/assistance", _court, body, 201);

    private async Task<JsonElement[]> ListAsync(string key, string? status) =>
        [.. (await _system.JsonAsync(HttpMethod.Get, status is null ? "/v1/assistance" : $"/v1/assistance?status={status}", key)).GetProperty("items").EnumerateArray()];

    private Task<JsonElement> LedgerAsync(string agency) => _system.JsonAsync(HttpMethod.Get, $"/v1/agencies/{agency}/ledger", RunningSystem.OperatorKey);

    private async Task<JsonElement[]> OverdueAsync() =>
        [.. (await _system.JsonAsync(HttpMethod.Get, "/v1/assistance/overdue", RunningSystem.OperatorKey)).GetProperty("items").EnumerateArray()];

    private static string NewSecret() => "whsec_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    private static Subject Person() => new("resident_id", TestIds.ResidentId(), "张三");

    private static DateTimeOffset CstNoon(int year, int month, int day) => new(year, month, day, 4, 0, 0, TimeSpan.Zero);

    private sealed record Subject(
        [property: JsonPropertyName("idType")] string IdType,
        [property: JsonPropertyName("idNumber")] string IdNumber,
        [property: JsonPropertyName("name")] string Name);
}
