using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using JointPunishment.Grains;
using JointPunishment.Grains.Interfaces.Model;
using JointPunishment.Grains.Interfaces.Subjects;
using JointPunishment.Grains.Keys;
using JointPunishment.Grains.Subjects;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Storage;

namespace JointPunishment.Integration.Tests.Infrastructure;

/// <summary>A running system on real PostgreSQL: two in-process silos and the HTTP gateway, with helpers to call it as each role.</summary>
public sealed class RunningSystem : IAsyncDisposable
{
    public const string OperatorKey = "integration-test-operator-key-0123456789";

    private readonly List<IHost> _silos = [];
    private readonly Dictionary<IHost, string> _siloApplications = [];
    private readonly List<WebApplicationFactory<Program>> _extraGateways = [];
    private WebApplicationFactory<Program>? _gateway;
    private LogCapture? _capture;
    /// <summary>The last warnings and errors of every silo and gateway: a start that fails says why with them.</summary>
    private readonly LogCapture _recent = new(LogLevel.Warning, capacity: 100);
    private TimeProvider? _gatewayTime;
    private Action<IServiceCollection>? _siloServices;
    private Dictionary<string, string?>? _siloSettings;
    private int _stoppedSilos;

    /// <summary>The system's database as its owner (the superuser): what tests use to look or act behind the system's back.</summary>
    public string ConnectionString { get; private set; } = "";

    /// <summary>The same database as the application role <c>jp_app</c>, which the silos and gateways connect as.</summary>
    public string AppConnectionString { get; private set; } = "";

    public HttpClient Http { get; private set; } = null!;

    /// <param name="postgres">The server to create this system's database on.</param>
    /// <param name="silos">How many in-process silos to start.</param>
    /// <param name="gatewayTime">Replaces the gateway's clock (a FakeTimeProvider moves "today" for deadlines).</param>
    /// <param name="capture">When given, receives every log line (Information and up) of the silos and the gateway.</param>
    /// <param name="gatewaySettings">Extra gateway settings (e.g. <c>PublicQuery:PermitLimit</c>).</param>
    /// <param name="siloServices">Adds to every silo's services (e.g. a grain call filter that injects a fault).</param>
    /// <param name="siloSettings">Extra silo settings (e.g. <c>Tls:*</c>), on top of fast failure detection.</param>
    public static async Task<RunningSystem> StartAsync(
        PostgresServer postgres, int silos = 2, TimeProvider? gatewayTime = null, LogCapture? capture = null, IReadOnlyDictionary<string, string?>? gatewaySettings = null,
        Action<IServiceCollection>? siloServices = null, IReadOnlyDictionary<string, string?>? siloSettings = null)
    {
        var connectionString = await postgres.CreateDatabaseAsync("e2e");
        var database = new Npgsql.NpgsqlConnectionStringBuilder(connectionString).Database!;
        var system = new RunningSystem
        {
            ConnectionString = connectionString, AppConnectionString = postgres.AppConnectionString(database), _capture = capture, _siloServices = siloServices,
            _siloSettings = siloSettings is null ? null : new Dictionary<string, string?>(ClusterHarness.FastFailureDetection.Concat(siloSettings)),
        };
        for (var i = 0; i < silos; i++)
        {
            system._silos.Add(await system.StartSiloAsync());
        }

        system._gatewayTime = gatewayTime;
        system._gateway = system.NewGateway(gatewaySettings);
        system.Http = system._gateway.CreateClient();
        await system.WaitUntilServingAsync();
        return system;
    }

    /// <summary>Another gateway process's worth of gateway on the same cluster; its services are reachable for assertions.</summary>
    public async Task<(HttpClient Http, IServiceProvider Services)> StartAnotherGatewayAsync(IReadOnlyDictionary<string, string>? settings = null)
    {
        var gateway = NewGateway();
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            gateway = gateway.WithWebHostBuilder(web => web.UseSetting(key, value));
        }

        _extraGateways.Add(gateway);
        return (await ServingClientAsync(gateway), gateway.Services);
    }

    /// <summary>A further gateway with extra settings, disposed with the system and not started yet (e.g. to listen on a real port with UseKestrel).</summary>
    public WebApplicationFactory<Program> CreateGateway(IReadOnlyDictionary<string, string?> settings)
    {
        var gateway = NewGateway(settings);
        _extraGateways.Add(gateway);
        return gateway;
    }

    private WebApplicationFactory<Program> NewGateway(IReadOnlyDictionary<string, string?>? settings = null) => new WebApplicationFactory<Program>().WithWebHostBuilder(web =>
    {
        web.UseSetting("JP_POSTGRES", AppConnectionString)
            .UseSetting("JP_SUBJECT_KEY", ClusterHarness.SubjectKey)
            .UseSetting("JP_STORAGE_KEY", ClusterHarness.StorageKey)
            .UseSetting("JP_OPERATOR_KEY", OperatorKey)
            .ConfigureTestServices(services =>
            {
                if (_gatewayTime is not null)
                {
                    services.AddSingleton(_gatewayTime);
                }
            })
            .ConfigureLogging(logging =>
            {
                logging.AddSimpleConsole().SetMinimumLevel(LogLevel.Warning);
                logging.AddProvider(_recent);
                if (_capture is not null)
                {
                    logging.AddProvider(_capture).SetMinimumLevel(LogLevel.Information);
                }
            });
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            web.UseSetting(key, value);
        }
    });

    /// <summary>Stops every silo (gracefully) and starts the same number again on the same database.</summary>
    public async Task RestartSilosAsync()
    {
        await StartSilosAsync(await StopSilosAsync());
        await WaitUntilServingAsync();
    }

    /// <summary>Stops the gateways and every silo gracefully, as an operator does before a full-stop procedure (<see cref="StartAgainAsync"/> ends it).</summary>
    public async Task StopAsync()
    {
        Http.Dispose();
        foreach (var gateway in _extraGateways.Prepend(_gateway!))
        {
            await gateway.DisposeAsync();
        }

        _extraGateways.Clear();
        _gateway = null;
        _stoppedSilos = await StopSilosAsync();
    }

    /// <summary>
    /// Starts as many silos as <see cref="StopAsync"/> stopped and a new gateway, all with <paramref name="settings"/> on top
    /// of their own (e.g. another <c>JP_SUBJECT_KEY</c>, which they then keep).
    /// </summary>
    public async Task StartAgainAsync(IReadOnlyDictionary<string, string?> settings)
    {
        var siloSettings = new Dictionary<string, string?>(_siloSettings ?? ClusterHarness.FastFailureDetection);
        foreach (var (key, value) in settings)
        {
            siloSettings[key] = value;
        }

        _siloSettings = siloSettings;
        await StartSilosAsync(_stoppedSilos);
        _gateway = NewGateway(settings);
        Http = _gateway.CreateClient();
        await WaitUntilServingAsync();
    }

    /// <summary>Stops every silo (gracefully) and leaves the gateways running; returns how many ran.</summary>
    public async Task<int> StopSilosAsync()
    {
        var count = _silos.Count;
        foreach (var silo in _silos)
        {
            await silo.StopAsync();
            silo.Dispose();
        }

        _silos.Clear();
        return count;
    }

    /// <summary>
    /// Stops every silo without grace (cancelled stops: grains are dropped wherever they are, as a crash leaves them) and
    /// leaves the gateways running.
    /// </summary>
    public async Task CrashSilosAsync()
    {
        await Task.WhenAll(_silos.Select(CrashAsync));
        _silos.Clear();
    }

    private async Task StartSilosAsync(int count)
    {
        for (var i = 0; i < count; i++)
        {
            _silos.Add(await StartSiloAsync());
        }
    }

    /// <summary>A silo connected as the application role, migrating as the owner first (as run.sh's separate migrate step does).</summary>
    /// <remarks>Each silo connects under an application name of its own, so that a crash can end its database sessions (<see cref="CrashAsync"/>).</remarks>
    private async Task<IHost> StartSiloAsync()
    {
        var application = $"jp-silo-{Guid.NewGuid():N}";
        var connection = new Npgsql.NpgsqlConnectionStringBuilder(AppConnectionString) { ApplicationName = application }.ConnectionString;
        var silo = await ClusterHarness.StartSiloAsync(connection, _siloSettings, _capture, _siloServices, adminConnectionString: ConnectionString, warnings: _recent);
        _siloApplications[silo] = application;
        return silo;
    }

    /// <summary>
    /// Healthy, and the gateway's client sees every silo active (as an operator would check before sending traffic). If
    /// not within a minute, fails with the gateway's health report and the last warnings of every host.
    /// </summary>
    private async Task WaitUntilServingAsync()
    {
        try
        {
            await ClusterHarness.EventuallyAsync(async () =>
            {
                (await Http.GetAsync("/health")).EnsureSuccessStatusCode();
                var cluster = await JsonAsync(HttpMethod.Get, "/v1/cluster", OperatorKey);
                Assert.Equal(_silos.Count, cluster.GetProperty("silos").EnumerateArray().Count(s => s.GetProperty("status").GetString() == "active"));
            }, TimeSpan.FromSeconds(60));
        }
        catch (Exception ex)
        {
            throw new TimeoutException($"The system did not serve within 60 s: {ex.Message}\n{await DiagnosisAsync(_gateway!)}", ex);
        }
    }

    /// <summary>
    /// A client of <paramref name="gateway"/> (one of <see cref="CreateGateway"/>'s) once it serves: a new gateway
    /// answers 503 until its Orleans client has connected.
    /// </summary>
    public async Task<HttpClient> ServingClientAsync(WebApplicationFactory<Program> gateway)
    {
        var http = gateway.CreateClient();
        try
        {
            await ClusterHarness.EventuallyAsync(async () => (await http.GetAsync("/health")).EnsureSuccessStatusCode(), TimeSpan.FromSeconds(60));
        }
        catch (Exception ex)
        {
            http.Dispose();
            throw new TimeoutException($"The gateway did not serve within 60 s: {ex.Message}\n{await DiagnosisAsync(gateway)}", ex);
        }

        return http;
    }

    private async Task<string> DiagnosisAsync(WebApplicationFactory<Program> gateway)
    {
        var report = await gateway.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync();
        var checks = report.Entries.Select(e => $"{e.Key}: {e.Value.Status} {e.Value.Description} {e.Value.Exception}");
        return $"Health: {string.Join("; ", checks)}\nLast warnings of the silos and gateways:\n{string.Join('\n', _recent.Lines)}";
    }

    public Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string? key, object? body = null)
    {
        var request = new HttpRequestMessage(method, path);
        if (key is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }

        if (body is not null)
        {
            request.Content = body is string raw
                ? new StringContent(raw, System.Text.Encoding.UTF8, "application/json")
                : JsonContent.Create(body);
        }

        return Http.SendAsync(request);
    }

    public async Task<JsonElement> JsonAsync(HttpMethod method, string path, string? key, object? body = null, int expectedStatus = 200)
    {
        using var response = await SendAsync(method, path, key, body);
        var text = await response.Content.ReadAsStringAsync();
        if ((int)response.StatusCode != expectedStatus)
        {
            // A 5xx names its cause only in the silos' and gateways' logs: show their last warnings with it.
            var logs = (int)response.StatusCode >= 500 ? $"\nLast warnings of the silos and gateways:\n{string.Join('\n', _recent.Lines)}" : "";
            Assert.Fail($"{method} {path}: expected {expectedStatus}, got {(int)response.StatusCode}: {text}{logs}");
        }

        return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
    }

    public async Task<string> RegisterCourtAsync(string code) =>
        (await JsonAsync(HttpMethod.Post, "/v1/courts", OperatorKey, new { code, name = $"法院 {code}" }, 201)).GetProperty("apiKey").GetString()!;

    public async Task<string> RegisterAgencyAsync(string code, params string[] measures) =>
        (await JsonAsync(HttpMethod.Post, "/v1/agencies", OperatorKey, new { code, name = $"单位 {code}", measures }, 201)).GetProperty("apiKey").GetString()!;

    /// <summary>Registers a feed consumer (<paramref name="role"/>: <c>credit_platform</c> or <c>node</c>) and returns its key.</summary>
    public async Task<string> RegisterConsumerAsync(string code, string role = "credit_platform") =>
        (await JsonAsync(HttpMethod.Post, "/v1/consumers", OperatorKey, new { code, name = $"系统 {code}", role }, 201)).GetProperty("apiKey").GetString()!;

    /// <summary>Rows of <paramref name="table"/> whose text form contains <paramref name="text"/>: proves an identity number is not stored in clear.</summary>
    public async Task<long> CountRowsContainingAsync(string table, string text)
    {
        await using var connection = new Npgsql.NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand($"SELECT count(*) FROM {table} t WHERE t::text LIKE '%' || $1 || '%'", connection);
        command.Parameters.Add(new Npgsql.NpgsqlParameter { Value = text });
        return (long)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>A subject's state, version and grain key as its grain reads them: through the first silo's grain storage (the ADO.NET provider).</summary>
    /// <summary>
    /// A stored state as JSON but for <see cref="SubjectState.ProjectedRevision"/>, which says how it was written (a bulk
    /// write stores its projections with it, a grain projects after): for comparing the bulk path's rows with grains'.
    /// </summary>
    public static string AsStored(SubjectState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        var projected = state.ProjectedRevision;
        state.ProjectedRevision = 0;
        try
        {
            return JsonSerializer.Serialize(state);
        }
        finally
        {
            state.ProjectedRevision = projected;
        }
    }

    public async Task<(SubjectState State, string? Version, string Key)> StoredSubjectAsync(IdType idType, string idNumber)
    {
        var services = SiloServices[0];
        var key = services.GetRequiredService<SubjectKeys>().For(idType, idNumber);
        var grainId = services.GetRequiredService<IGrainFactory>().GetGrain<ISubjectGrain>(key).GetGrainId();
        var state = new GrainState<SubjectState>();
        await services.GetRequiredKeyedService<IGrainStorage>(StorageNames.Main).ReadStateAsync("state", grainId, state);
        Assert.True(state.RecordExists, $"no stored state for the {idType} subject");
        return (state.State!, state.ETag, key);
    }

    /// <summary>Runs SQL on the system's database behind its back (to simulate a crash between two writes).</summary>
    public async Task ExecuteSqlAsync(string sql)
    {
        await using var connection = new Npgsql.NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>Waits until every silo and every gateway (which counts the allows it answers itself) has stored the check records it holds.</summary>
    public Task FlushCheckRecordsAsync() =>
        Task.WhenAll(_silos.Select(s => s.Services)
            .Concat(_extraGateways.Prepend(_gateway!).Select(g => g.Services))
            .Select(services => services.GetRequiredService<JointPunishment.Grains.Checks.ICheckRecorder>().FlushAsync()));

    /// <summary>Waits until the first gateway's copy of the index is current for every shard (until then it sends every check to the cluster).</summary>
    public async Task WaitForGatewayIndexAsync()
    {
        var replica = _gateway!.Services.GetRequiredService<JointPunishment.Grains.Checks.LocalIndexReplica>();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (replica.LapsedShards() > 0)
        {
            Assert.True(DateTime.UtcNow < deadline, $"the gateway's index copy still had {replica.LapsedShards()} lapsed shards after 30 s");
            await Task.Delay(50);
        }
    }

    /// <summary>Each silo's services, in the order the silos started.</summary>
    public IReadOnlyList<IServiceProvider> SiloServices => [.. _silos.Select(s => s.Services)];

    /// <summary>The first gateway's services (its Orleans client's <c>CheckGrains</c>, its index copy, …).</summary>
    public IServiceProvider GatewayServices => _gateway!.Services;

    /// <summary>How many silos hold at least one activation of grain class <typeparamref name="TGrain"/>.</summary>
    public async Task<int> CountSilosHoldingAsync<TGrain>() =>
        (await StatisticsOfAsync<TGrain>()).Where(s => s.ActivationCount > 0).Select(s => s.SiloAddress).Distinct().Count();

    /// <summary>
    /// Stops the silo that holds an activation of <typeparamref name="TGrain"/> without grace (a cancelled stop: its
    /// grains are dropped wherever they are, as a crash would leave them) and takes it out of the system.
    /// </summary>
    public async Task CrashSiloHoldingAsync<TGrain>()
    {
        var address = (await StatisticsOfAsync<TGrain>()).First(s => s.ActivationCount > 0).SiloAddress;
        var silo = _silos.Single(h => h.Services.GetRequiredService<ILocalSiloDetails>().SiloAddress.Equals(address));
        _silos.Remove(silo);
        await CrashAsync(silo);
    }

    /// <summary>
    /// Stops <paramref name="silo"/> without grace and ends its database sessions, as a process that dies loses its
    /// connections and PostgreSQL rolls back what they had open. In process, its tasks would otherwise run on and keep
    /// a transaction open (holding its rows' locks) until whatever it awaited gave up.
    /// </summary>
    private async Task CrashAsync(IHost silo)
    {
        using var now = new CancellationTokenSource();
        await now.CancelAsync();
        try
        {
            await silo.StopAsync(now.Token);
        }
        catch (OperationCanceledException)
        {
            // Cut short, as intended.
        }

        if (_siloApplications.Remove(silo, out var application))
        {
            await using var connection = new Npgsql.NpgsqlConnection(ConnectionString);
            await connection.OpenAsync();
            await using var command = new Npgsql.NpgsqlCommand("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE application_name = $1", connection);
            command.Parameters.Add(new Npgsql.NpgsqlParameter { Value = application });
            await command.ExecuteScalarAsync();
        }

        silo.Dispose();
    }

    /// <summary>Activations of grain class <typeparamref name="TGrain"/> across the cluster.</summary>
    public async Task<int> CountActivationsAsync<TGrain>() => (await StatisticsOfAsync<TGrain>()).Sum(s => s.ActivationCount);

    /// <summary>Orleans' per-silo activation counts of grain class <typeparamref name="TGrain"/>.</summary>
    private async Task<IEnumerable<SimpleGrainStatistic>> StatisticsOfAsync<TGrain>()
    {
        var management = _silos[0].Services.GetRequiredService<IGrainFactory>().GetGrain<IManagementGrain>(0);
        var statistics = await management.GetSimpleGrainStatistics();
        return statistics.Where(s => s.GrainType.Contains(typeof(TGrain).Name, StringComparison.Ordinal));
    }

    public async ValueTask DisposeAsync()
    {
        Http?.Dispose();
        foreach (var gateway in _extraGateways)
        {
            await gateway.DisposeAsync();
        }

        if (_gateway is not null)
        {
            await _gateway.DisposeAsync();
        }

        // The test is over and its database is thrown away: the silos need no graceful stop (handing activations to
        // each other, leaving membership), which took 1 to 2 s a silo, most of a test's teardown.
        await Task.WhenAll(_silos.Select(CrashAsync));
    }
}
