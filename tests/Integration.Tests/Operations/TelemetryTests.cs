using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using JointPunishment.Integration.Tests.Infrastructure;

namespace JointPunishment.Integration.Tests.Operations;

/// <summary><c>GET /metrics</c> (Prometheus text, operator key required) on the gateway and a silo, and the operator's dashboard on the gateway.</summary>
[Collection(PostgresCollection.Name)]
public sealed class TelemetryTests(PostgresServer postgres) : IAsyncLifetime
{
    private RunningSystem _system = null!;

    public async Task InitializeAsync() => _system = await RunningSystem.StartAsync(postgres);

    public async Task DisposeAsync() => await _system.DisposeAsync();

    [Fact]
    public async Task Metrics_CountChecksByAgencyMeasureAndDecision_WithOrleansMeters_AndNoIdentityNumber()
    {
        var court = await _system.RegisterCourtAsync("metrics-court");
        var hotel = await _system.RegisterAgencyAsync("metrics-hotel", "consumption.hotel");
        var listed = TestIds.ResidentId();
        var listing = await _system.JsonAsync(HttpMethod.Post, "/v1/court/events", court, new
        {
            events = new object[]
            {
                new { eventId = "m-1", type = "listed", caseNumber = "(2026)京02执9号", subject = new { idType = "resident_id", idNumber = listed, name = "测试" }, listedOn = "2026-11-20", @public = true },
                new { eventId = "m-2", type = "no_such_type" },
            },
        });
        Assert.Equal("applied", listing.GetProperty("results")[0].GetProperty("status").GetString());
        await _system.WaitForGatewayIndexAsync();

        var unlisted = Enumerable.Range(0, 3).Select(_ => TestIds.ResidentId()).ToArray();
        foreach (var idNumber in unlisted.Append(listed))
        {
            await _system.JsonAsync(HttpMethod.Post, "/v1/checks", hotel, new { measure = "consumption.hotel", subject = new { idType = "resident_id", idNumber } });
        }

        await _system.JsonAsync(HttpMethod.Post, "/v1/checks", hotel, new { measure = "consumption.air", subject = new { idType = "resident_id", idNumber = listed } }, 403);
        await _system.JsonAsync(HttpMethod.Post, "/v1/checks/batch", hotel, new { measure = "consumption.hotel", subjects = new[] { new { idType = "resident_id", idNumber = listed } } });

        using (var anonymous = await _system.SendAsync(HttpMethod.Get, "/metrics", key: null))
        using (var agency = await _system.SendAsync(HttpMethod.Get, "/metrics", hotel))
        {
            // CONTRACT.md: the operator key is required.
            Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
            Assert.Equal("application/problem+json", anonymous.Content.Headers.ContentType?.MediaType);
            Assert.Equal(HttpStatusCode.Unauthorized, agency.StatusCode);
        }

        using var response = await _system.SendAsync(HttpMethod.Get, "/metrics", RunningSystem.OperatorKey);
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(3, Sample(text, "jp_checks_total", ("agency", "metrics-hotel"), ("measure", "consumption.hotel"), ("decision", "allow")));
        Assert.Equal(2, Sample(text, "jp_checks_total", ("agency", "metrics-hotel"), ("measure", "consumption.hotel"), ("decision", "block")));
        Assert.Equal(1, Sample(text, "jp_checks_total", ("agency", "metrics-hotel"), ("measure", "consumption.air"), ("decision", "forbidden")));
        Assert.Equal(5, Sample(text, "jp_check_duration_seconds_count", ("kind", "single")));
        Assert.Equal(1, Sample(text, "jp_court_events_total", ("type", "listed"), ("status", "applied")));
        Assert.Equal(1, Sample(text, "jp_court_events_total", ("type", "invalid"), ("status", "rejected")));
        Assert.Equal(1, Sample(text, "jp_court_event_lag_days_count", ("type", "listed")));
        // The gateway's own copy of the index is current.
        Assert.Equal(0, Sample(text, "jp_index_copies_lapsed"));
        Assert.Matches(new Regex("^orleans_[a-z_]+", RegexOptions.Multiline), text);
        Assert.All(unlisted.Append(listed), id => Assert.DoesNotContain(id, text, StringComparison.Ordinal));
        Assert.DoesNotContain(RunningSystem.OperatorKey, text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CheckLatency_CountsFromTheRequestsArrival_ReadingTheBodyIncluded()
    {
        var hotel = await _system.RegisterAgencyAsync("latency-hotel", "consumption.hotel");
        // Real HTTP on a port: the in-memory test server hands the application a request only once its body is in.
        using var http = new HttpClient { BaseAddress = new Uri(HeadlessChromium.StartGatewayOnPort(_system)) };
        await ClusterHarness.EventuallyAsync(async () => (await http.GetAsync("/health")).EnsureSuccessStatusCode(), TimeSpan.FromSeconds(60));
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", RunningSystem.OperatorKey);
        var (countBefore, sumBefore) = await CheckDurationAsync(http);

        // The body arrives in two parts 400 ms apart; the check itself (an unlisted subject) is quick.
        var body = JsonSerializer.SerializeToUtf8Bytes(new { measure = "consumption.hotel", subject = new { idType = "resident_id", idNumber = TestIds.ResidentId() } });
        using var request = new HttpRequestMessage(HttpMethod.Post, "v1/checks") { Content = new SlowContent(body, TimeSpan.FromMilliseconds(400)) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", hotel);
        using var response = await http.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        var (countAfter, sumAfter) = await CheckDurationAsync(http);
        Assert.Equal(countBefore + 1, countAfter);
        Assert.True(sumAfter - sumBefore >= 0.4, $"the check's latency was {sumAfter - sumBefore:F3} s; its body took 0.4 s to arrive");
    }

    private static async Task<(double Count, double Sum)> CheckDurationAsync(HttpClient gateway)
    {
        var text = await gateway.GetStringAsync("metrics");
        return text.Contains("jp_check_duration_seconds_count{", StringComparison.Ordinal)
            ? (Sample(text, "jp_check_duration_seconds_count", ("kind", "single")), Sample(text, "jp_check_duration_seconds_sum", ("kind", "single")))
            : (0, 0);
    }

    /// <summary>A JSON body sent in two halves with a pause between them, as a slow client sends it.</summary>
    private sealed class SlowContent(byte[] body, TimeSpan pause) : HttpContent
    {
        protected override async Task SerializeToStreamAsync(Stream stream, System.Net.TransportContext? context)
        {
            await stream.WriteAsync(body.AsMemory(0, body.Length / 2));
            await stream.FlushAsync();
            await Task.Delay(pause);
            await stream.WriteAsync(body.AsMemory(body.Length / 2));
        }

        // No length: sent as it is written, not buffered first.
        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }

    [Fact]
    public async Task Traces_OfTheCourtSubjectViewAndTheRedListEntry_ShowTheRouteTemplate_NeverTheIdentityNumber()
    {
        var court = await _system.RegisterCourtAsync("trace-court");
        var idNumber = TestIds.ResidentId();
        // Tracing is on when a collector is configured; nothing listens there, the spans are read in-process.
        using var traced = await _system.ServingClientAsync(_system.CreateGateway(new Dictionary<string, string?> { ["OTEL_EXPORTER_OTLP_ENDPOINT"] = "http://127.0.0.1:9" }));
        var spans = new System.Collections.Concurrent.ConcurrentQueue<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == "Microsoft.AspNetCore",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = spans.Enqueue,
        };
        ActivitySource.AddActivityListener(listener);

        using var request = new HttpRequestMessage(HttpMethod.Get, $"/v1/court/subjects/resident_id/{idNumber}");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", court);
        using var response = await traced.SendAsync(request);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);

        var span = await ClusterHarness.EventuallyAsync(
            () => Task.FromResult(Assert.Single(spans, s => (s.GetTagItem("url.path") as string ?? "").StartsWith("/v1/court/subjects", StringComparison.Ordinal))),
            TimeSpan.FromSeconds(10));
        Assert.Equal("/v1/court/subjects/{idType}/{idNumber}", span.GetTagItem("url.path"));

        // The operator's red-list routes carry a number the same way.
        using var redList = new HttpRequestMessage(HttpMethod.Get, $"/v1/red-list/resident_id/{idNumber}");
        redList.Headers.Authorization = new AuthenticationHeaderValue("Bearer", RunningSystem.OperatorKey);
        using var redListResponse = await traced.SendAsync(redList);
        Assert.Equal(HttpStatusCode.NotFound, redListResponse.StatusCode);
        var redListSpan = await ClusterHarness.EventuallyAsync(
            () => Task.FromResult(Assert.Single(spans, s => (s.GetTagItem("url.path") as string ?? "").StartsWith("/v1/red-list", StringComparison.Ordinal))),
            TimeSpan.FromSeconds(10));
        Assert.Equal("/v1/red-list/{idType}/{idNumber}", redListSpan.GetTagItem("url.path"));
        Assert.All(spans, s => Assert.DoesNotContain(idNumber, s.DisplayName + " " + string.Join(' ', s.TagObjects.Select(t => t.Value)), StringComparison.Ordinal));
    }

    [Fact]
    public async Task SiloMetrics_WithAnOperatorKeyConfigured_RefuseWithoutIt()
    {
        var port = FreePorts.Next();
        using var silo = await ClusterHarness.StartSiloAsync(_system.ConnectionString, new Dictionary<string, string?>
        {
            ["Silo:MetricsPort"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture), ["JP_OPERATOR_KEY"] = RunningSystem.OperatorKey,
        });
        using var http = new HttpClient();
        var url = new Uri($"http://127.0.0.1:{port}/metrics");

        using (var anonymous = await http.GetAsync(url))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        }

        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", RunningSystem.OperatorKey);
        using var response = await http.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("jp_index_copies_lapsed", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        await silo.StopAsync();
    }

    [Fact]
    public async Task Dashboard_RefusesWithoutTheOperatorKey_AndServesTheCluster()
    {
        var agency = await _system.RegisterAgencyAsync("dashboard-rail", "consumption.rail");

        using (var anonymous = await _system.SendAsync(HttpMethod.Get, "/dashboard/ClusterStats", key: null))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
            Assert.StartsWith("Basic", anonymous.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
        }

        using (var wrongBasic = await SendBasicAsync("/dashboard/", "not-the-key"))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, wrongBasic.StatusCode);
        }

        using (var agencyKey = await _system.SendAsync(HttpMethod.Get, "/dashboard/ClusterStats", agency))
        {
            Assert.Equal(HttpStatusCode.Forbidden, agencyKey.StatusCode);
        }

        using (var page = await SendBasicAsync("/dashboard/", RunningSystem.OperatorKey))
        {
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
            Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        }

        using var stats = await _system.SendAsync(HttpMethod.Get, "/dashboard/DashboardCounters", RunningSystem.OperatorKey);
        Assert.Equal(HttpStatusCode.OK, stats.StatusCode);
        Assert.Contains("totalActiveHostCount", await stats.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
    }

    private Task<HttpResponseMessage> SendBasicAsync(string path, string password)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("operator:" + password)));
        return _system.Http.SendAsync(request);
    }

    /// <summary>The value of the one sample of <paramref name="name"/> carrying every label given (other labels, such as otel_scope_name, may be present).</summary>
    private static double Sample(string text, string name, params (string Label, string Value)[] labels)
    {
        var matches = text.Split('\n')
            .Where(line => line.StartsWith(name + "{", StringComparison.Ordinal))
            .Where(line => labels.All(l => line.Contains($"{l.Label}=\"{l.Value}\"", StringComparison.Ordinal)))
            .ToArray();
        Assert.True(matches.Length == 1, $"expected one sample of {name} with {string.Join(", ", labels)}; found {matches.Length}:\n{string.Join('\n', text.Split('\n').Where(l => l.StartsWith(name, StringComparison.Ordinal)))}");
        return double.Parse(matches[0].Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
    }
}
