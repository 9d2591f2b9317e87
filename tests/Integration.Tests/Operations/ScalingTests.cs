using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using JointPunishment.Integration.Tests.Infrastructure;
using Xunit.Abstractions;

namespace JointPunishment.Integration.Tests.Operations;

/// <summary>Operators scale by starting a silo process and stopping it with SIGTERM (<c>./run.sh silo</c>), under load.</summary>
[Collection(PostgresCollection.Name)]
public sealed class ScalingTests(PostgresServer postgres, ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly TimeSpan ClusterChangeTimeout = TimeSpan.FromSeconds(60);
    private RunningSystem _system = null!;

    public async Task InitializeAsync() => _system = await RunningSystem.StartAsync(postgres);

    public async Task DisposeAsync() => await _system.DisposeAsync();

    [Fact]
    public async Task SiloJoiningThenLeavingOnSigterm_UnderContinuousChecks_FailsNoRequest()
    {
        var court = await _system.RegisterCourtAsync("scale-court");
        var rail = await _system.RegisterAgencyAsync("scale-rail", "consumption.rail");
        var listed = Enumerable.Range(0, 20).Select(_ => TestIds.ResidentId()).ToArray();
        await _system.JsonAsync(HttpMethod.Post, "/v1/court/events", court, new
        {
            events = listed.Select((idNumber, i) => new { eventId = $"scale-{i}", type = "listed", caseNumber = $"(2026)京02执{i}号", subject = new { idType = "resident_id", idNumber, name = "测试" }, listedOn = "2026-11-20", @public = true }),
        });
        var before = (await SilosAsync()).Select(s => s.Address).ToHashSet();

        using var load = new CheckLoad(_system, rail, listed);
        await load.WaitForChecksAsync(50);

        var metricsPort = FreePort();
        using var joining = ClusterHarness.StartSiloProcess(_system.ConnectionString, new Dictionary<string, string?>(ClusterHarness.FastFailureDetection)
        {
            ["Silo:MetricsPort"] = metricsPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
        try
        {
            // The new silo joins, and takes part: the subjects checked from now on are placed on it too.
            var joined = await ClusterHarness.EventuallyAsync(async () =>
            {
                var added = Assert.Single(await SilosAsync(), s => !before.Contains(s.Address));
                Assert.Equal("active", added.Status);
                Assert.True(added.Activations > 0, "the joined silo hosts no activation yet");
                return added.Address;
            }, ClusterChangeTimeout);
            var checksWhileJoined = load.Succeeded;
            await load.WaitForChecksAsync(checksWhileJoined + 200);

            // The silo serves its own Prometheus text: Orleans' silo meters and the platform's index figures.
            using (var http = new HttpClient())
            {
                var metrics = await http.GetStringAsync(new Uri($"http://127.0.0.1:{metricsPort}/metrics"));
                var names = metrics.Split('\n').Where(l => l.Length > 0 && l[0] != '#').Select(l => l.Split('{', ' ')[0]).ToHashSet();
                Assert.True(names.Contains("jp_index_copies_lapsed") && names.Any(n => n.StartsWith("orleans_", StringComparison.Ordinal)), string.Join(' ', names));
            }

            using (var sigterm = Process.Start("kill", ["-TERM", joining.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            {
                await sigterm.WaitForExitAsync();
            }

            var leaving = Stopwatch.StartNew();
            await joining.WaitForExitAsync().WaitAsync(ClusterChangeTimeout);
            output.WriteLine($"joined silo {joined} left in {leaving.ElapsedMilliseconds} ms after SIGTERM; {load.Succeeded - checksWhileJoined} checks succeeded while it was active");
            Assert.Equal(0, joining.ExitCode);
            var afterLeave = load.Succeeded;
            await load.WaitForChecksAsync(afterLeave + 200);

            var silos = await SilosAsync();
            Assert.Equal("dead", Assert.Single(silos, s => s.Address == joined).Status);
            Assert.Equal(2, silos.Count(s => s.Status == "active"));
        }
        finally
        {
            if (!joining.HasExited)
            {
                joining.Kill(entireProcessTree: true);
            }
        }

        var failures = await load.StopAsync();
        output.WriteLine($"{load.Succeeded} checks succeeded, {failures.Count} failed");
        Assert.True(failures.Count == 0, $"{failures.Count} of {load.Succeeded + failures.Count} checks failed: {string.Join("; ", failures.Take(5))}");
    }

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    private async Task<(string Address, string Status, int Activations)[]> SilosAsync() =>
        [.. (await _system.JsonAsync(HttpMethod.Get, "/v1/cluster", RunningSystem.OperatorKey)).GetProperty("silos").EnumerateArray()
            .Select(s => (s.GetProperty("address").GetString()!, s.GetProperty("status").GetString()!, s.GetProperty("activations").GetInt32()))];

    /// <summary>Eight callers checking continuously (listed and never-listed people), recording every answer that is not a decision.</summary>
    private sealed class CheckLoad : IDisposable
    {
        private readonly CancellationTokenSource _stop = new();
        private readonly ConcurrentQueue<string> _failures = new();
        private readonly Task _running;
        private long _succeeded;

        public CheckLoad(RunningSystem system, string key, string[] listed) =>
            _running = Task.WhenAll(Enumerable.Range(0, 8).Select(worker => Task.Run(async () =>
            {
                for (var i = 0; !_stop.IsCancellationRequested; i++)
                {
                    var idNumber = i % 4 == 0 ? listed[(worker + i) % listed.Length] : TestIds.ResidentId("19850101");
                    try
                    {
                        using var response = await system.SendAsync(HttpMethod.Post, "/v1/checks", key, new
                        {
                            measure = "consumption.rail",
                            subject = new { idType = "resident_id", idNumber },
                            action = new { trainNumber = "G1", seatClass = "second" },
                        });
                        var body = await response.Content.ReadAsStringAsync();
                        var decision = response.IsSuccessStatusCode ? JsonDocument.Parse(body).RootElement.GetProperty("decision").GetString() : null;
                        if (decision != (i % 4 == 0 ? "block" : "allow"))
                        {
                            _failures.Enqueue($"{(int)response.StatusCode} {decision} {body}");
                        }
                        else
                        {
                            Interlocked.Increment(ref _succeeded);
                        }
                    }
                    catch (Exception ex) when (!_stop.IsCancellationRequested)
                    {
                        _failures.Enqueue(ex.GetType().Name + ": " + ex.Message);
                    }
                }
            })));

        public long Succeeded => Interlocked.Read(ref _succeeded);

        /// <summary>Waits (bounded) until <paramref name="count"/> checks have succeeded in all.</summary>
        public Task WaitForChecksAsync(long count) =>
            ClusterHarness.EventuallyAsync(() =>
            {
                Assert.True(Succeeded >= count, $"{Succeeded} of {count} checks so far");
                return Task.CompletedTask;
            }, ClusterChangeTimeout);

        public async Task<IReadOnlyCollection<string>> StopAsync()
        {
            await _stop.CancelAsync();
            await _running;
            return _failures;
        }

        public void Dispose()
        {
            _stop.Cancel();
            _stop.Dispose();
        }
    }
}
