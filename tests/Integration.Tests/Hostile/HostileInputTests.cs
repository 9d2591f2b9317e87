using System.Net;
using System.Net.Http.Headers;
using System.Text;
using JointPunishment.Integration.Tests.Infrastructure;

namespace JointPunishment.Integration.Tests.Hostile;

/// <summary>Hostile requests are answered 4xx, change nothing, and leave the gateway healthy.</summary>
[Collection(PostgresCollection.Name)]
public sealed class HostileInputTests(PostgresServer postgres, SharedSystem shared) : IAsyncLifetime, IClassFixture<SharedSystem>
{
    private RunningSystem _system = null!;
    private string _court = "";
    private string _agency = "";
    private string _listed = "";

    public async Task InitializeAsync()
    {
        _system = await shared.StartOnceAsync(postgres);
        (_court, _agency, _listed) = await shared.SetUpOnceAsync(async () =>
        {
            var court = await _system.RegisterCourtAsync("hostile-court");
            var agency = await _system.RegisterAgencyAsync("hostile-rail", "consumption.rail", "consumption.air");
            var listed = TestIds.ResidentId();
            await _system.JsonAsync(HttpMethod.Post, "/v1/court/events", court, new
            {
                events = new[] { new { eventId = "h-1", type = "listed", caseNumber = "(2026)京01执9号", subject = new { idType = "resident_id", idNumber = listed, name = "张三" }, listedOn = "2026-11-20", @public = true } },
            });
            return (court, agency, listed);
        });
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Body_OverTheLimit_Is413Problem()
    {
        var huge = "{\"measure\":\"consumption.air\",\"subjects\":[" + string.Join(',', Enumerable.Repeat("{\"idType\":\"passport\",\"idNumber\":\"E12345678\",\"name\":\"" + new string('x', 900) + "\"}", 10_000)) + "]}";

        using var response = await PostRawAsync("/v1/checks/batch", _agency, Encoding.UTF8.GetBytes(huge));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Body_WithInvalidUtf8_Is400()
    {
        var body = Encoding.UTF8.GetBytes("{\"measure\":\"consumption.air\",\"subject\":{\"idType\":\"resident_id\",\"idNumber\":\"X\"}}").ToList();
        body.InsertRange(body.IndexOf((byte)'X'), [0xFF, 0xFE]);

        using var response = await PostRawAsync("/v1/checks", _agency, [.. body]);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task String_WithAnEscapedLoneSurrogate_IsRefusedNamingTheField()
    {
        using var response = await PostRawAsync("/v1/checks", _agency, Encoding.UTF8.GetBytes(
            "{\"measure\":\"consumption.air\",\"subject\":{\"idType\":\"resident_id\",\"idNumber\":\"\\ud800\"}}"));
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("subject.idNumber", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownField_IsRefusedNamingIt_AndTheEventIsNotApplied()
    {
        var check = await _system.JsonAsync(HttpMethod.Post, "/v1/checks", _agency,
            new { measure = "consumption.rail", subject = new { idType = "resident_id", idNumber = _listed }, aciton = new { trainNumber = "G1" } }, 400);
        Assert.True(check.GetProperty("errors").TryGetProperty("aciton", out _));

        var person = TestIds.ResidentId();
        var events = await _system.JsonAsync(HttpMethod.Post, "/v1/court/events", _court, new
        {
            events = new[] { new { eventId = "h-unknown", type = "listed", caseNumber = "(2026)京01执10号", subject = new { idType = "resident_id", idNumber = person, name = "李四" }, listedOn = "2026-11-20", @public = true, publc = false } },
        });
        var result = events.GetProperty("results")[0];
        Assert.Equal("rejected", result.GetProperty("status").GetString());
        Assert.Contains("publc", result.GetProperty("error").GetString(), StringComparison.Ordinal);
        await _system.JsonAsync(HttpMethod.Get, $"/v1/court/subjects/resident_id/{person}", _court, expectedStatus: 404);
    }

    [Fact]
    public async Task InjectionStrings_AreStoredAsText_AndTheTablesRemain()
    {
        var person = TestIds.ResidentId();
        var events = await _system.JsonAsync(HttpMethod.Post, "/v1/court/events", _court, new
        {
            events = new[] { new { eventId = "h-inject", type = "listed", caseNumber = "'; DROP TABLE orleansstorage; --", subject = new { idType = "resident_id", idNumber = person, name = "\" OR 1=1 --" }, listedOn = "2026-11-20", @public = true } },
        });
        Assert.Equal("applied", events.GetProperty("results")[0].GetProperty("status").GetString());

        var view = await _system.JsonAsync(HttpMethod.Get, $"/v1/court/subjects/resident_id/{person}", _court);
        Assert.Equal("'; DROP TABLE orleansstorage; --", view.GetProperty("listings")[0].GetProperty("caseNumber").GetString());
        await AssertStillBlockedAsync();
    }

    /// <summary>
    /// Random mutations of valid requests to every write and check endpoint for a bounded time (JP_FUZZ_SECONDS,
    /// default 20; JP_FUZZ_SEED replays a run): never a 5xx, and afterwards the gateway is healthy and decides as before.
    /// </summary>
    [Fact]
    public async Task MutatedRequests_NeverGetA5xx()
    {
        var seed = int.TryParse(Environment.GetEnvironmentVariable("JP_FUZZ_SEED"), out var s) ? s : Random.Shared.Next();
        var seconds = int.TryParse(Environment.GetEnvironmentVariable("JP_FUZZ_SECONDS"), out var d) ? d : 20;
        var random = new Random(seed);
        var person = TestIds.ResidentId();
        (string Path, string Key, string Body)[] seeds =
        [
            ("/v1/checks", _agency, $$$"""{"measure":"consumption.rail","subject":{"idType":"resident_id","idNumber":"{{{person}}}","name":"王五"},"action":{"trainNumber":"G101","seatClass":"second"}}"""),
            ("/v1/checks", _agency, $$$"""{"measure":"consumption.air","subject":{"idType":"uscc","idNumber":"{{{TestIds.Uscc()}}}"},"relatedPersons":[{"role":"director","idType":"resident_id","idNumber":"{{{person}}}"}]}"""),
            ("/v1/checks/batch", _agency, $$$"""{"measure":"consumption.air","subjects":[{"idType":"resident_id","idNumber":"{{{person}}}"},{"idType":"passport","idNumber":"E1234567"}]}"""),
            ("/v1/feedback", _agency, """{"checkId":"0193a5b2-7c4d-7e00-8000-000000000000","outcome":"refused"}"""),
            ("/v1/court/events", _court, $$$"""{"events":[{"eventId":"fz-1","type":"listed","caseNumber":"(2026)京01执77号","subject":{"idType":"uscc","idNumber":"{{{TestIds.Uscc()}}}","name":"某公司"},"listedOn":"2026-11-20","public":true,"officers":[{"role":"legal_representative","idType":"resident_id","idNumber":"{{{person}}}","name":"赵六"}]},{"eventId":"fz-2","type":"retained","caseNumber":"(2026)京01执77号","subject":{"idType":"uscc","idNumber":"91110000000000001X"},"measure":"consumption.air","until":"2027-01-01","basis":"x"}]}"""),
            ("/v1/agencies", RunningSystem.OperatorKey, """{"code":"fz-agency","name":"单位","measures":["consumption.air"]}"""),
        ];

        var failures = new List<string>();
        var sent = 0;
        var until = DateTime.UtcNow.AddSeconds(seconds);
        while (DateTime.UtcNow < until && failures.Count < 5)
        {
            var (path, key, body) = seeds[random.Next(seeds.Length)];
            var mutated = RequestMutator.Mutate(body, random);
            using var response = await PostRawAsync(path, key, mutated);
            sent++;
            if ((int)response.StatusCode >= 500)
            {
                var shown = Encoding.UTF8.GetString(mutated);
                failures.Add($"{path} -> {(int)response.StatusCode}: {shown[..Math.Min(300, shown.Length)]}");
            }
        }

        Assert.True(failures.Count == 0, $"seed {seed}: {failures.Count} 5xx answers after {sent} requests:\n{string.Join('\n', failures)}");
        Assert.True(sent > 100, $"only {sent} requests were sent in {seconds} s");
        (await _system.Http.GetAsync("/health")).EnsureSuccessStatusCode();
        await AssertStillBlockedAsync();
    }

    private async Task AssertStillBlockedAsync()
    {
        var check = await _system.JsonAsync(HttpMethod.Post, "/v1/checks", _agency, new { measure = "consumption.air", subject = new { idType = "resident_id", idNumber = _listed } });
        Assert.Equal("block", check.GetProperty("decision").GetString());
    }

    private Task<HttpResponseMessage> PostRawAsync(string path, string key, byte[] body)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return _system.Http.SendAsync(request);
    }
}
