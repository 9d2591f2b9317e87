using JointPunishment.Integration.Tests.Infrastructure;

namespace JointPunishment.Integration.Tests.EndToEnd;

/// <summary>信用修复 (四(二)6): per-agency decisions after delisting, in the court's view and in a gap-free feed only the credit platform reads.</summary>
[Collection(PostgresCollection.Name)]
public sealed class CreditRepairTests(PostgresServer postgres) : IAsyncLifetime
{
    private RunningSystem _system = null!;
    private string _court = "";
    private string _bank = "";
    private string _air = "";
    private string _platform = "";

    public async Task InitializeAsync()
    {
        _system = await RunningSystem.StartAsync(postgres);
        _court = await _system.RegisterCourtAsync("c1");
        _bank = await _system.RegisterAgencyAsync("bank", "credit.bank_credit");
        _air = await _system.RegisterAgencyAsync("air", "consumption.air");
        _platform = await _system.RegisterConsumerAsync("credit-china");
    }

    public async Task DisposeAsync() => await _system.DisposeAsync();

    [Fact]
    public async Task CreditRepair_RefusedWhileListed_ThenEachAgencyDecidesForItsOwnDomain_VisibleInViewAndFeed()
    {
        var idNumber = TestIds.ResidentId();
        var debtor = new { idType = "resident_id", idNumber, name = "张三" };
        await EventsAsync(
            new { eventId = "l1", type = "listed", caseNumber = "(2026)京01执1号", subject = debtor, listedOn = "2026-11-01", @public = true },
            new { eventId = "l2", type = "listed", caseNumber = "(2026)京01执2号", subject = debtor, listedOn = "2026-11-01", @public = true },
            new { eventId = "s1", type = "shielded", caseNumber = "(2026)京01执1号", subject = debtor });

        // One case is still in force: every listing must be inactive.
        await _system.JsonAsync(HttpMethod.Post, "/v1/credit-repair", _bank, new { subject = debtor, decision = "granted" }, 409);
        await EventsAsync(new { eventId = "r2", type = "revoked", caseNumber = "(2026)京01执2号", subject = debtor });

        var granted = await _system.JsonAsync(HttpMethod.Post, "/v1/credit-repair", _bank, new { subject = debtor, decision = "granted", note = "已履行完毕" });
        Assert.Equal("granted", granted.GetProperty("decision").GetString());
        await _system.JsonAsync(HttpMethod.Post, "/v1/credit-repair", _air, new { subject = debtor, decision = "denied" });

        var view = await _system.JsonAsync(HttpMethod.Get, $"/v1/court/subjects/resident_id/{idNumber}", _court);
        var repairs = view.GetProperty("creditRepairs").EnumerateArray().Select(r => $"{r.GetProperty("agency").GetString()}:{r.GetProperty("decision").GetString()}");
        Assert.Equal(["air:denied", "bank:granted"], repairs);

        var feed = await _system.JsonAsync(HttpMethod.Get, "/v1/credit-repairs", _platform);
        var items = feed.GetProperty("items").EnumerateArray().ToArray();
        Assert.Equal(["bank", "air"], items.Select(i => i.GetProperty("agency").GetString()));
        Assert.Equal($"{idNumber[..10]}****{idNumber[^4..]}", items[0].GetProperty("subject").GetProperty("idNumberMasked").GetString());
        // The agency's note is for the court's view, not for the credit system.
        Assert.Equal("已履行完毕", view.GetProperty("creditRepairs")[1].GetProperty("note").GetString());
        Assert.All(items, i => Assert.False(i.TryGetProperty("note", out _)));
        var next = feed.GetProperty("next").GetString();
        var after = await _system.JsonAsync(HttpMethod.Get, $"/v1/credit-repairs?after={next}", _platform);
        Assert.Empty(after.GetProperty("items").EnumerateArray());
        Assert.Equal(next, after.GetProperty("next").GetString());

        // Restarted silos replay projections on activation: the feed gains nothing twice.
        await _system.RestartSilosAsync();
        Assert.Equal(2, (await _system.JsonAsync(HttpMethod.Get, $"/v1/court/subjects/resident_id/{idNumber}", _court)).GetProperty("creditRepairs").GetArrayLength());
        Assert.Equal(2, (await _system.JsonAsync(HttpMethod.Get, "/v1/credit-repairs", _platform)).GetProperty("items").GetArrayLength());
        Assert.Equal(0L, await _system.CountRowsContainingAsync("jp_credit_repair", idNumber));
    }

    [Fact]
    public async Task CreditRepair_ForASubjectNeverListed_Is404_AndBadFieldsAreNamed()
    {
        var stranger = new { idType = "resident_id", idNumber = TestIds.ResidentId() };
        await _system.JsonAsync(HttpMethod.Post, "/v1/credit-repair", _bank, new { subject = stranger, decision = "granted" }, 404);
        var noticed = new { idType = "resident_id", idNumber = TestIds.ResidentId(), name = "李四" };
        await EventsAsync(new { eventId = "n", type = "risk_notice", caseNumber = "(2026)京01执3号", subject = noticed });
        await _system.JsonAsync(HttpMethod.Post, "/v1/credit-repair", _bank, new { subject = noticed, decision = "granted" }, 404);

        var invalid = await _system.JsonAsync(HttpMethod.Post, "/v1/credit-repair", _bank, new { decision = "maybe", note = new string('x', 2001) }, 400);
        Assert.True(invalid.GetProperty("errors").TryGetProperty("subject", out _));
        Assert.True(invalid.GetProperty("errors").TryGetProperty("decision", out _));
        Assert.True(invalid.GetProperty("errors").TryGetProperty("note", out _));
        await _system.JsonAsync(HttpMethod.Post, "/v1/credit-repair", _court, new { subject = noticed, decision = "granted" }, 403);
        Assert.True((await _system.JsonAsync(HttpMethod.Get, "/v1/credit-repairs?after=x&limit=5000", _platform, expectedStatus: 400)).GetProperty("errors").TryGetProperty("after", out _));
    }

    [Fact]
    public async Task Feed_FollowedWhileAgenciesDecideConcurrently_MissesNothing()
    {
        var subjects = Enumerable.Range(0, 12).Select(i => new { idType = "resident_id", idNumber = TestIds.ResidentId(), name = $"债务人{i}" }).ToArray();
        await EventsAsync([.. subjects.SelectMany((s, i) => new object[]
        {
            new { eventId = $"l{i}", type = "listed", caseNumber = $"(2026)京01执{100 + i}号", subject = s, listedOn = "2026-11-01", @public = true },
            new { eventId = $"s{i}", type = "shielded", caseNumber = $"(2026)京01执{100 + i}号", subject = s },
        })]);

        var seen = new List<string>();
        var writing = Task.WhenAll(subjects.SelectMany(s => new[] { _bank, _air }.Select(key =>
            _system.JsonAsync(HttpMethod.Post, "/v1/credit-repair", key, new { subject = s, decision = "granted" }))));
        var cursor = "0";
        while (true)
        {
            var done = writing.IsCompleted;
            var page = await _system.JsonAsync(HttpMethod.Get, $"/v1/credit-repairs?after={cursor}&limit=5", _platform);
            seen.AddRange(page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("seq").GetString()!));
            cursor = page.GetProperty("next").GetString()!;
            if (done && page.GetProperty("items").GetArrayLength() == 0)
            {
                break;
            }
        }

        await writing;
        Assert.Equal(Enumerable.Range(1, subjects.Length * 2).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)), seen);
    }

    [Fact]
    public async Task Feed_NeedsACreditPlatformKey_NoKeyIs401_OtherRolesAre403()
    {
        var node = await _system.RegisterConsumerAsync("downstream", "node");
        await _system.JsonAsync(HttpMethod.Get, "/v1/credit-repairs", null, expectedStatus: 401);
        await _system.JsonAsync(HttpMethod.Get, "/v1/credit-repairs", "jpf.credit-china.not-the-secret", expectedStatus: 401);
        foreach (var other in new[] { _bank, _court, RunningSystem.OperatorKey, node })
        {
            await _system.JsonAsync(HttpMethod.Get, "/v1/credit-repairs", other, expectedStatus: 403);
        }

        await _system.JsonAsync(HttpMethod.Get, "/v1/credit-repairs", _platform);
    }

    [Fact]
    public async Task Feed_LeavesOutSubjectsNoneOfWhoseListingsWasPublic()
    {
        // 四(二)2 依法不宜公开: enforced by agencies, shown to nobody else, also not through the credit system.
        var hiddenId = TestIds.ResidentId();
        var hidden = new { idType = "resident_id", idNumber = hiddenId, name = "隐名人" };
        var shown = new { idType = "resident_id", idNumber = TestIds.ResidentId(), name = "公开人" };
        await EventsAsync(
            new { eventId = "h1", type = "listed", caseNumber = "(2026)京01执51号", subject = hidden, listedOn = "2026-11-01", @public = false },
            new { eventId = "h2", type = "shielded", caseNumber = "(2026)京01执51号", subject = hidden },
            new { eventId = "p1", type = "listed", caseNumber = "(2026)京01执52号", subject = shown, listedOn = "2026-11-01", @public = true },
            new { eventId = "p2", type = "listed", caseNumber = "(2026)京01执53号", subject = shown, listedOn = "2026-11-01", @public = false },
            new { eventId = "p3", type = "shielded", caseNumber = "(2026)京01执52号", subject = shown },
            new { eventId = "p4", type = "revoked", caseNumber = "(2026)京01执53号", subject = shown });

        // The agency still records its decision (the court sees it); it only stays out of the feed.
        await _system.JsonAsync(HttpMethod.Post, "/v1/credit-repair", _bank, new { subject = hidden, decision = "granted", note = "隐名人已履行" });
        await _system.JsonAsync(HttpMethod.Post, "/v1/credit-repair", _bank, new { subject = shown, decision = "granted" });
        var view = await _system.JsonAsync(HttpMethod.Get, $"/v1/court/subjects/resident_id/{hiddenId}", _court);
        Assert.Equal("granted", Assert.Single(view.GetProperty("creditRepairs").EnumerateArray()).GetProperty("decision").GetString());

        await _system.RestartSilosAsync();
        await _system.JsonAsync(HttpMethod.Get, $"/v1/court/subjects/resident_id/{hiddenId}", _court);   // activated again: projected again
        using var response = await _system.SendAsync(HttpMethod.Get, "/v1/credit-repairs", _platform);
        // Unescaped: the API writes non-ASCII characters as \uXXXX.
        var text = System.Text.RegularExpressions.Regex.Unescape(await response.Content.ReadAsStringAsync());
        Assert.Equal("公开人", Assert.Single(System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("items").EnumerateArray())
            .GetProperty("subject").GetProperty("name").GetString());
        Assert.Contains("公开人", text, StringComparison.Ordinal);
        Assert.DoesNotContain("隐名人", text, StringComparison.Ordinal);
        Assert.DoesNotContain($"{hiddenId[..10]}****{hiddenId[^4..]}", text, StringComparison.Ordinal);
        Assert.Equal(0L, await _system.CountRowsContainingAsync("jp_credit_repair", "隐名人"));
    }

    [Fact]
    public async Task CreditRepair_WithoutAValidAgencyKey_Is401WhetherOrNotTheSubjectWasListed()
    {
        var listed = new { idType = "resident_id", idNumber = TestIds.ResidentId(), name = "王某" };
        await EventsAsync(
            new { eventId = "a1", type = "listed", caseNumber = "(2026)京01执61号", subject = listed, listedOn = "2026-11-01", @public = false });
        var stranger = new { idType = "resident_id", idNumber = TestIds.ResidentId() };

        // Authentication comes before any lookup: the answer is the same for a listed subject and a stranger.
        foreach (var key in new[] { null, "jpa.bank.wrong-secret", "not-a-key" })
        {
            foreach (var subject in new object[] { listed, stranger })
            {
                var problem = await _system.JsonAsync(HttpMethod.Post, "/v1/credit-repair", key, new { subject, decision = "granted" }, 401);
                Assert.Equal(401, problem.GetProperty("status").GetInt32());
            }
        }

        await _system.JsonAsync(HttpMethod.Post, "/v1/credit-repair", _platform, new { subject = stranger, decision = "granted" }, 403);
    }

    private async Task EventsAsync(params object[] events)
    {
        var results = (await _system.JsonAsync(HttpMethod.Post, "/v1/court/events", _court, new { events })).GetProperty("results");
        Assert.All(results.EnumerateArray(), r => Assert.Equal("applied", r.GetProperty("status").GetString()));
    }
}
