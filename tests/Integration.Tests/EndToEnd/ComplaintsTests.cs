using System.Net;
using System.Net.Http.Json;
using JointPunishment.Integration.Tests.Infrastructure;

namespace JointPunishment.Integration.Tests.EndToEnd;

/// <summary>投诉举报 (四(二)8): public complaints, the agency's answer, and what a justified one means.</summary>
[Collection(PostgresCollection.Name)]
public sealed class ComplaintsTests(PostgresServer postgres) : IAsyncLifetime
{
    private RunningSystem _system = null!;
    private string _court = "";
    private string _hotel = "";
    private string _air = "";

    public async Task InitializeAsync()
    {
        _system = await RunningSystem.StartAsync(postgres);
        _court = await _system.RegisterCourtAsync("c1");
        _hotel = await _system.RegisterAgencyAsync("hotel", "consumption.hotel");
        _air = await _system.RegisterAgencyAsync("air", "consumption.air");
    }

    public async Task DisposeAsync() => await _system.DisposeAsync();

    [Fact]
    public async Task JustifiedComplaint_AboutListedDebtor_SaysPunishmentAppliedAndCountsAsFailure()
    {
        var idNumber = TestIds.ResidentId();
        var debtor = new { idType = "resident_id", idNumber, name = "张三" };
        await _system.JsonAsync(HttpMethod.Post, "/v1/court/events", _court, new
        {
            events = new object[] { new { eventId = "l1", type = "listed", caseNumber = "(2026)京01执1号", subject = debtor, listedOn = "2026-11-20", @public = true } },
        });

        var filed = await _system.JsonAsync(HttpMethod.Post, "/v1/public/complaints", null,
            new { agencyCode = "hotel", subject = debtor, description = "该被执行人入住五星级酒店", contact = "13800000000" }, 201);
        var id = filed.GetProperty("id").GetString()!;
        var open = await _system.JsonAsync(HttpMethod.Get, $"/v1/public/complaints/{id}", null);
        Assert.Equal("open", open.GetProperty("status").GetString());

        // Another agency cannot see or resolve it; a court cannot resolve at all.
        await _system.JsonAsync(HttpMethod.Post, $"/v1/complaints/{id}/resolution", _air, new { finding = "unfounded", response = "x" }, 404);
        await _system.JsonAsync(HttpMethod.Post, $"/v1/complaints/{id}/resolution", _court, new { finding = "unfounded", response = "x" }, 403);
        Assert.Equal(0, (await _system.JsonAsync(HttpMethod.Get, "/v1/complaints", _air)).GetProperty("items").GetArrayLength());
        var mine = (await _system.JsonAsync(HttpMethod.Get, "/v1/complaints", _hotel)).GetProperty("items");
        Assert.Equal(id, mine[0].GetProperty("id").GetString());
        Assert.Equal($"{idNumber[..10]}****{idNumber[^4..]}", mine[0].GetProperty("subject").GetProperty("idNumberMasked").GetString());

        var resolved = await _system.JsonAsync(HttpMethod.Post, $"/v1/complaints/{id}/resolution", _hotel,
            new { finding = "justified", response = "已核实，已停止为其提供服务" });
        Assert.True(resolved.GetProperty("punishmentApplied").GetBoolean());

        var answer = await _system.JsonAsync(HttpMethod.Get, $"/v1/public/complaints/{id}", null);
        Assert.Equal("justified", answer.GetProperty("status").GetString());
        Assert.Equal("已核实，已停止为其提供服务", answer.GetProperty("response").GetString());
        Assert.True(answer.GetProperty("punishmentApplied").GetBoolean());

        await _system.JsonAsync(HttpMethod.Post, $"/v1/complaints/{id}/resolution", _hotel, new { finding = "unfounded", response = "改判" }, 409);
        Assert.Equal("justified", (await _system.JsonAsync(HttpMethod.Get, $"/v1/public/complaints/{id}", null)).GetProperty("status").GetString());
        Assert.Equal(0L, await _system.CountRowsContainingAsync("jp_complaint", idNumber));
    }

    [Fact]
    public async Task UnfoundedComplaint_WithoutSubject_IsAnsweredWithoutPunishment()
    {
        var filed = await _system.JsonAsync(HttpMethod.Post, "/v1/public/complaints", null, new { agencyCode = "air", description = "航班售票未拦截" }, 201);
        var id = filed.GetProperty("id").GetString()!;

        var resolved = await _system.JsonAsync(HttpMethod.Post, $"/v1/complaints/{id}/resolution", _air, new { finding = "unfounded", response = "经查该旅客未被列入名单" });
        Assert.False(resolved.GetProperty("punishmentApplied").GetBoolean());
        var answer = await _system.JsonAsync(HttpMethod.Get, $"/v1/public/complaints/{id}", null);
        Assert.Equal("unfounded", answer.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Complaints_BeyondTheClientLimit_Are429ProblemsAndStoreNothing()
    {
        using var limited = await _system.ServingClientAsync(_system.CreateGateway(new Dictionary<string, string?>
        {
            ["PublicComplaints:PermitLimit"] = "2",
            ["PublicComplaints:Window"] = "01:00:00",
        }));
        var body = JsonContent.Create(new { agencyCode = "air", description = "航班售票未拦截" });

        for (var i = 0; i < 2; i++)
        {
            using var filed = await limited.PostAsync("/v1/public/complaints", body);
            Assert.Equal(HttpStatusCode.Created, filed.StatusCode);
        }

        using var refused = await limited.PostAsync("/v1/public/complaints", body);
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        Assert.True(refused.Headers.RetryAfter is not null);
        Assert.Equal(2, (await _system.JsonAsync(HttpMethod.Get, "/v1/complaints", _air)).GetProperty("items").GetArrayLength());

        // The query keeps its own, larger allowance.
        using var status = await limited.GetAsync("/v1/public/delistings");
        Assert.Equal(HttpStatusCode.OK, status.StatusCode);
    }

    [Fact]
    public async Task Complaint_WithBadFields_IsRefusedNamingThemAndStoresNothing()
    {
        var invalid = await _system.JsonAsync(HttpMethod.Post, "/v1/public/complaints", null, new
        {
            agencyCode = "no-such-agency",
            subject = new { idType = "resident_id", idNumber = "110101199003071230" },
            description = new string('x', 4001),
            contact = new string('1', 201),
        }, 400);
        var errors = invalid.GetProperty("errors");
        Assert.True(errors.TryGetProperty("agencyCode", out _));
        Assert.True(errors.TryGetProperty("subject.idNumber", out _));
        Assert.True(errors.TryGetProperty("description", out _));
        Assert.True(errors.TryGetProperty("contact", out _));
        Assert.True((await _system.JsonAsync(HttpMethod.Post, "/v1/public/complaints", null, new { agencyCode = "air" }, 400)).GetProperty("errors").TryGetProperty("description", out _));

        var filed = await _system.JsonAsync(HttpMethod.Post, "/v1/public/complaints", null, new { agencyCode = "air", description = "x" }, 201);
        var id = filed.GetProperty("id").GetString()!;
        var badFinding = await _system.JsonAsync(HttpMethod.Post, $"/v1/complaints/{id}/resolution", _air, new { finding = "maybe" }, 400);
        Assert.True(badFinding.GetProperty("errors").TryGetProperty("finding", out _));
        Assert.True(badFinding.GetProperty("errors").TryGetProperty("response", out _));
        Assert.Equal("open", (await _system.JsonAsync(HttpMethod.Get, $"/v1/public/complaints/{id}", null)).GetProperty("status").GetString());
        Assert.Single((await _system.JsonAsync(HttpMethod.Get, "/v1/complaints", RunningSystem.OperatorKey)).GetProperty("items").EnumerateArray(),
            c => c.GetProperty("agencyCode").GetString() == "air" && c.GetProperty("id").GetString() == id);
        Assert.Equal(HttpStatusCode.NotFound, (await _system.SendAsync(HttpMethod.Get, "/v1/public/complaints/not-a-guid", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _system.SendAsync(HttpMethod.Get, $"/v1/public/complaints/{Guid.CreateVersion7()}", null)).StatusCode);
    }
}
