using System.Text.Json;
using JointPunishment.Integration.Tests.Infrastructure;
using Microsoft.Extensions.Time.Testing;

namespace JointPunishment.Integration.Tests.EndToEnd;

/// <summary>The agency ledger (四(三), 四(四)): counts, failures to punish, notices, interviews and their consequences.</summary>
[Collection(PostgresCollection.Name)]
public sealed class LedgerTests(PostgresServer postgres) : IAsyncLifetime
{
    private readonly FakeTimeProvider _time = new(DateTimeOffset.UtcNow);
    private RunningSystem _system = null!;
    private string _court = "";
    private string _hotel = "";
    private string _air = "";

    public async Task InitializeAsync()
    {
        _system = await RunningSystem.StartAsync(postgres, gatewayTime: _time);
        _court = await _system.RegisterCourtAsync("c1");
        _hotel = await _system.RegisterAgencyAsync("hotel", "consumption.hotel");
        _air = await _system.RegisterAgencyAsync("air", "consumption.air");
    }

    public async Task DisposeAsync() => await _system.DisposeAsync();

    [Fact]
    public async Task Ledger_CountsChecksFeedbackAndFailuresToPunish_IncludingJustifiedComplaints()
    {
        var debtor = await ListedDebtorAsync("(2026)京01执1号");
        var served = await CheckIdAsync(debtor);
        var refused = await CheckIdAsync(debtor);
        var allowed = await CheckIdAsync(new { idType = "resident_id", idNumber = TestIds.ResidentId() });
        await FeedbackAsync(served, "served");
        await FeedbackAsync(refused, "refused");
        await FeedbackAsync(allowed, "served");
        await JustifiedComplaintAsync();
        await _system.FlushCheckRecordsAsync();

        var ledger = await LedgerAsync(_hotel);

        Assert.Equal(3, ledger.GetProperty("checks").GetInt64());
        Assert.Equal(2, ledger.GetProperty("hits").GetInt64());
        Assert.Equal(1, ledger.GetProperty("feedback").GetProperty("refused").GetInt64());
        Assert.Equal(2, ledger.GetProperty("feedback").GetProperty("served").GetInt64());
        Assert.Equal(0, ledger.GetProperty("feedback").GetProperty("reviewed").GetInt64());
        // Serving an allowed subject is no failure; serving a blocked one and a justified complaint are.
        Assert.Equal(2, ledger.GetProperty("failuresToPunish").GetInt64());
        Assert.Equal(0, ledger.GetProperty("notices").GetInt32());
        Assert.Empty(ledger.GetProperty("consequences").EnumerateArray());
        Assert.Equal(0, (await LedgerAsync(_air)).GetProperty("checks").GetInt64());
    }

    [Fact]
    public async Task Feedback_LaterReportOnACheck_IsKeptBesideTheFirst_WhichAloneCounts()
    {
        var debtor = await ListedDebtorAsync("(2026)京01执7号");
        var blocked = await CheckIdAsync(debtor);
        await FeedbackAsync(blocked, "served");
        await FeedbackAsync(blocked, "refused");
        await FeedbackAsync(blocked, "reviewed");
        await _system.FlushCheckRecordsAsync();

        var ledger = await LedgerAsync(_hotel);

        // Serving a blocked subject was a failure to punish; a "refused" sent afterwards does not undo it.
        Assert.Equal(1, ledger.GetProperty("feedback").GetProperty("served").GetInt64());
        Assert.Equal(0, ledger.GetProperty("feedback").GetProperty("refused").GetInt64());
        Assert.Equal(1, ledger.GetProperty("failuresToPunish").GetInt64());
        Assert.Equal(2, await _system.CountRowsContainingAsync("jp_feedback_report", blocked));
    }

    [Fact]
    public async Task SecondNotice_HonoursForFiveYears_DeductionInItsAssessmentYear_UnitEligibilityWithoutEnd()
    {
        await NoticeAsync(new { reason = "未拦截失信被执行人入住" });
        Assert.Empty((await LedgerAsync(RunningSystem.OperatorKey)).GetProperty("consequences").EnumerateArray());

        _time.SetUtcNow(new DateTimeOffset(2027, 3, 1, 20, 0, 0, TimeSpan.Zero));
        var second = await NoticeAsync(new { reason = "再次未拦截", kind = "notice" });
        Assert.Equal("notice", second.GetProperty("kind").GetString());

        var ledger = await LedgerAsync(RunningSystem.OperatorKey);
        Assert.Equal(2, ledger.GetProperty("notices").GetInt32());
        // The contract's names stay; the unit's lost civilised / safe-unit eligibility (四(四)1) is added beside them.
        Assert.Equal(
            ["honours_ineligible", "performance_deduction", "unit_honours_ineligible"],
            ledger.GetProperty("consequences").EnumerateArray().Select(c => c.GetString()));
        var details = ledger.GetProperty("consequenceDetails").EnumerateArray().ToArray();
        Assert.Equal(3, details.Length);

        // 2027-03-01 20:00 UTC is 2027-03-02 in CST.
        var honours = details[0];
        Assert.Equal("honours_ineligible", honours.GetProperty("kind").GetString());
        Assert.Equal("honours_ineligible", honours.GetProperty("code").GetString());
        Assert.Equal("四(四)1", honours.GetProperty("ref").GetString());
        Assert.Equal("2027-03-02", honours.GetProperty("from").GetString());
        Assert.Equal("2032-03-02", honours.GetProperty("until").GetString());
        Assert.True(honours.GetProperty("active").GetBoolean());
        Assert.False(honours.TryGetProperty("year", out _));

        var deduction = details[1];
        Assert.Equal("performance_deduction", deduction.GetProperty("kind").GetString());
        Assert.Equal("四(四)2", deduction.GetProperty("ref").GetString());
        Assert.Equal(2027, deduction.GetProperty("year").GetInt32());
        Assert.Equal("2027-03-02", deduction.GetProperty("from").GetString());
        Assert.Equal("2027-12-31", deduction.GetProperty("until").GetString());

        var unit = details[2];
        Assert.Equal("unit_honours_ineligible", unit.GetProperty("kind").GetString());
        Assert.Equal("四(四)1", unit.GetProperty("ref").GetString());
        Assert.Equal("2027-03-02", unit.GetProperty("from").GetString());
        Assert.Equal(JsonValueKind.Null, unit.GetProperty("until").ValueKind);

        // The next year's assessment is not deducted again; the honours bar and the unit's ineligibility still hold.
        _time.SetUtcNow(new DateTimeOffset(2028, 1, 5, 2, 0, 0, TimeSpan.Zero));
        details = [.. (await LedgerAsync(RunningSystem.OperatorKey)).GetProperty("consequenceDetails").EnumerateArray()];
        Assert.Equal([true, false, true], details.Select(d => d.GetProperty("active").GetBoolean()));
        Assert.Equal(2027, Assert.Single(details, d => d.GetProperty("kind").GetString() == "performance_deduction").GetProperty("year").GetInt32());
    }

    [Fact]
    public async Task FailureAfterInterview_RecordsDisciplinaryReferral()
    {
        var debtor = await ListedDebtorAsync("(2026)京01执2号");
        var before = await CheckIdAsync(debtor);
        await FeedbackAsync(before, "served");

        _time.Advance(TimeSpan.FromDays(1));
        await NoticeAsync(new { reason = "约谈单位负责人", kind = "interview" });
        var ledger = await LedgerAsync(_hotel);
        Assert.Equal(1, ledger.GetProperty("interviews").GetInt32());
        Assert.Equal(0, ledger.GetProperty("notices").GetInt32());
        Assert.Empty(ledger.GetProperty("consequences").EnumerateArray());

        _time.Advance(TimeSpan.FromDays(1));
        var after = await CheckIdAsync(debtor);
        await FeedbackAsync(after, "served");
        ledger = await LedgerAsync(_hotel);
        Assert.Equal(["disciplinary_referral"], ledger.GetProperty("consequences").EnumerateArray().Select(c => c.GetString()));
        Assert.Equal("四(四)3", ledger.GetProperty("consequenceDetails")[0].GetProperty("ref").GetString());
    }

    [Fact]
    public async Task LedgerAndNotices_AreForTheOperatorOrTheAgencyItself()
    {
        await _system.JsonAsync(HttpMethod.Get, "/v1/agencies/hotel/ledger", _air, expectedStatus: 403);
        await _system.JsonAsync(HttpMethod.Get, "/v1/agencies/hotel/ledger", _court, expectedStatus: 403);
        await _system.JsonAsync(HttpMethod.Get, "/v1/agencies/hotel/ledger", null, expectedStatus: 401);
        await _system.JsonAsync(HttpMethod.Get, "/v1/agencies/nobody/ledger", RunningSystem.OperatorKey, expectedStatus: 404);
        await _system.JsonAsync(HttpMethod.Post, "/v1/agencies/hotel/notices", _hotel, new { reason = "x" }, 403);
        await _system.JsonAsync(HttpMethod.Post, "/v1/agencies/nobody/notices", RunningSystem.OperatorKey, new { reason = "x" }, 404);

        var invalid = await _system.JsonAsync(HttpMethod.Post, "/v1/agencies/hotel/notices", RunningSystem.OperatorKey, new { kind = "warning" }, 400);
        Assert.True(invalid.GetProperty("errors").TryGetProperty("reason", out _));
        Assert.True(invalid.GetProperty("errors").TryGetProperty("kind", out _));
        Assert.Equal(0, (await LedgerAsync(_hotel)).GetProperty("history").GetArrayLength());
    }

    private async Task<object> ListedDebtorAsync(string caseNumber)
    {
        var debtor = new { idType = "resident_id", idNumber = TestIds.ResidentId(), name = "张三" };
        await _system.JsonAsync(HttpMethod.Post, "/v1/court/events", _court, new
        {
            events = new object[] { new { eventId = caseNumber, type = "listed", caseNumber, subject = debtor, listedOn = "2026-11-20", @public = true } },
        });
        return debtor;
    }

    private async Task<string> CheckIdAsync(object subject) =>
        (await _system.JsonAsync(HttpMethod.Post, "/v1/checks", _hotel, new { measure = "consumption.hotel", subject })).GetProperty("checkId").GetString()!;

    private Task FeedbackAsync(string checkId, string outcome) =>
        _system.JsonAsync(HttpMethod.Post, "/v1/feedback", _hotel, new { checkId, outcome }, 202);

    private async Task JustifiedComplaintAsync()
    {
        var id = (await _system.JsonAsync(HttpMethod.Post, "/v1/public/complaints", null, new { agencyCode = "hotel", description = "未拦截" }, 201)).GetProperty("id").GetString();
        await _system.JsonAsync(HttpMethod.Post, $"/v1/complaints/{id}/resolution", _hotel, new { finding = "justified", response = "已整改" });
    }

    private Task<JsonElement> NoticeAsync(object body) => _system.JsonAsync(HttpMethod.Post, "/v1/agencies/hotel/notices", RunningSystem.OperatorKey, body, 201);

    private Task<JsonElement> LedgerAsync(string key) => _system.JsonAsync(HttpMethod.Get, $"/v1/agencies/{(key == _air ? "air" : "hotel")}/ledger", key);
}
