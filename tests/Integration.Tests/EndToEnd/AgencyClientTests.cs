using System.Diagnostics;
using System.Security.Cryptography.X509Certificates;
using JointPunishment.ClusterSecurity;
using JointPunishment.Gateway.Extensions;
using JointPunishment.Grains.Interfaces;
using JointPunishment.Grains.Interfaces.Checks;
using JointPunishment.Grains.Interfaces.Diagnostics;
using JointPunishment.Grains.Interfaces.Model;
using JointPunishment.Grains.Interfaces.Principals;
using JointPunishment.Grains.Interfaces.Subjects;
using JointPunishment.Integration.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;

namespace JointPunishment.Integration.Tests.EndToEnd;

/// <summary>
/// An agency's own gateway on the Orleans client, with only what the operator gives it (docs/security.md, "Agencies'
/// Orleans clients"): a certificate from the agency CA, the cluster certificate's public part, a database login that
/// reads only the membership table, and its API key. Silos and the HTTP gateway run with TLS as in production.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class AgencyClientTests(PostgresServer postgres) : IAsyncLifetime
{
    private const string CaseNumber = "(2026)京01执900号";
    private readonly X509Certificate2 _cluster = TestCertificates.SelfSigned("cluster");
    private readonly X509Certificate2 _agencyCa = TestCertificates.SelfSigned("agency-ca");
    private readonly List<IHost> _clients = [];
    private RunningSystem _system = null!;
    private string _railKey = "";
    private string _courtKey = "";
    private Dictionary<string, string?> _given = [];

    public async Task InitializeAsync()
    {
        var clusterPfx = Path.Combine(Path.GetTempPath(), $"jp-tls-cluster-{Guid.NewGuid():N}.pfx");
        await File.WriteAllBytesAsync(clusterPfx, _cluster.Export(X509ContentType.Pkcs12, TestCertificates.Password));
        var platformTls = new Dictionary<string, string?>
        {
            ["Tls:Mode"] = "on",
            ["Tls:CertificatePath"] = clusterPfx,
            ["Tls:CertificatePassword"] = TestCertificates.Password,
        };
        var siloTls = new Dictionary<string, string?>(platformTls)
        {
            ["Tls:AgencyCaPath"] = TestCertificates.WritePem(_agencyCa, "agency-ca", withKey: false).Certificate,
        };
        _system = await RunningSystem.StartAsync(postgres, silos: 1, gatewaySettings: platformTls, siloSettings: siloTls);
        _railKey = await _system.RegisterAgencyAsync("rail", "consumption.rail");
        await _system.RegisterAgencyAsync("air", "consumption.air");
        _courtKey = await _system.RegisterCourtAsync("c1");
        _given = await GiveAgencyAsync("rail");
    }

    [Fact]
    public async Task AgencyClient_CheckingInItsOwnName_IsAnswered_AndInAnotherAgencysName_IsRefused()
    {
        var checks = new CheckGrains(await ConnectAsync(_railKey));
        var passenger = new SubjectInput(IdType.ResidentId, TestIds.ResidentId());

        var own = await checks.CheckAsync(new CheckRequest("rail", "consumption.rail", passenger) { Action = new RailAction("G1", "second") });
        var ownBatch = await checks.CheckBatchAsync(new BatchCheckRequest("rail", "consumption.rail", [passenger]));

        Assert.Equal(Decision.Allow, own.Result?.Decision);
        Assert.Equal(Decision.Allow, Assert.Single(ownBatch.Results).Result?.Decision);
        await Assert.ThrowsAsync<UnauthorizedAccessException>(() => checks.CheckAsync(new CheckRequest("air", "consumption.air", passenger)));
        await Assert.ThrowsAsync<UnauthorizedAccessException>(() => checks.CheckBatchAsync(new BatchCheckRequest("air", "consumption.air", [passenger])));
        // The platform's own gateway, a full member, still answers over HTTP.
        var http = await _system.JsonAsync(HttpMethod.Post, "/v1/checks", _railKey,
            new { measure = "consumption.rail", subject = new { idType = "resident_id", idNumber = passenger.IdNumber }, action = new { trainNumber = "G1", seatClass = "second" } });
        Assert.Equal("allow", http.GetProperty("decision").GetString());
    }

    [Fact]
    public async Task AgencyClient_CoalescedChecks_AreAnsweredOnlyInItsOwnName()
    {
        var client = await ConnectAsync(_railKey);
        var own = new CheckRequest("rail", "consumption.rail", new SubjectInput(IdType.ResidentId, TestIds.ResidentId())) { Action = new RailAction("G1", "second") };
        var forged = own with { Agency = "air" };

        // A call in its own name carrying a check in another's: that check alone is refused.
        var answers = await client.GetGrain<ICheckGrain>(0).CheckCoalescedAsync(new CoalescedChecks("rail", [own, forged]));
        // A call in another agency's name: refused whole.
        await Assert.ThrowsAsync<UnauthorizedAccessException>(() => client.GetGrain<ICheckGrain>(0).CheckCoalescedAsync(new CoalescedChecks("air", [forged])));
        // Through CheckGrains, checks waiting together go in one call per agency: the forged ones fail, the others are answered.
        var checks = new CheckGrains(client, keys: 1);
        var mixed = Enumerable.Range(0, 40).Select(i => i % 4 == 3 ? forged : own).ToArray();
        var outcomes = mixed.Select(checks.CheckAsync).ToArray();
        await Task.WhenAll(outcomes.Select(o => o.ContinueWith(_ => { }, TaskScheduler.Default)));

        Assert.Equal(Decision.Allow, answers.Outcomes[0]?.Result?.Decision);
        Assert.Equal(CheckError.Forbidden, answers.Outcomes[1]?.Error);
        Assert.All(outcomes.Where((_, i) => mixed[i] == own), o => Assert.Equal(Decision.Allow, o.Result.Result?.Decision));
        Assert.All(outcomes.Where((_, i) => mixed[i] == forged), o => Assert.IsType<UnauthorizedAccessException>(o.Exception?.InnerException));
        Assert.True(checks.Sent.Calls < checks.Sent.Checks, $"{checks.Sent.Checks} checks went in {checks.Sent.Calls} calls");
    }

    [Fact]
    public async Task AgencyClient_CheckingARedListedSubjectThatNothingRestricts_GetsItsIncentives()
    {
        var checks = new CheckGrains(await ConnectAsync(_railKey));
        var id = TestIds.ResidentId();
        await _system.JsonAsync(HttpMethod.Post, "/v1/red-list", RunningSystem.OperatorKey,
            new { subject = new { idType = "resident_id", idNumber = id, name = "周守信" }, category = "纳税信用A级纳税人", basis = "2026年度评定" }, 201);

        var outcome = await checks.CheckAsync(new CheckRequest("rail", "consumption.rail", new SubjectInput(IdType.ResidentId, id)) { Action = new RailAction("G1", "second") });
        var other = await checks.CheckAsync(new CheckRequest("rail", "consumption.rail", new SubjectInput(IdType.ResidentId, TestIds.ResidentId())) { Action = new RailAction("G1", "second") });

        Assert.Equal(Decision.Allow, outcome.Result?.Decision);
        var incentive = Assert.Single(outcome.Result!.Incentives);
        Assert.Equal(("纳税信用A级纳税人", "2026年度评定"), (incentive.Category, incentive.Basis));
        Assert.Empty(other.Result!.Incentives);
    }

    [Fact]
    public async Task AgencyClient_CallingAnyOtherGrain_IsRefused_AndChangesNothing()
    {
        var client = await ConnectAsync(_railKey);

        await Assert.ThrowsAsync<UnauthorizedAccessException>(() => client.GetGrain<ISubjectGrain>(GrainKeys.SubjectPrefix + "forged").ApplyAsync([]));
        await Assert.ThrowsAsync<UnauthorizedAccessException>(() => client.GetGrain<ICourtGrain>(GrainKeys.Court("c1")).RotateKeyAsync("chosen-by-the-agency"));
        await Assert.ThrowsAsync<UnauthorizedAccessException>(() => client.GetGrain<IAgencyGrain>(GrainKeys.Agency("rail")).GetAsync());
        await Assert.ThrowsAsync<UnauthorizedAccessException>(() => client.GetGrain<IHealthGrain>(0).PingAsync());
        await Assert.ThrowsAsync<UnauthorizedAccessException>(() => client.GetGrain<IManagementGrain>(0).GetHosts());

        var platform = _system.GatewayServices.GetRequiredService<ClusterConnection>().Client;
        Assert.NotNull(await platform.GetGrain<ICourtGrain>(GrainKeys.Court("c1")).AuthenticateAsync(_courtKey[(_courtKey.LastIndexOf('.') + 1)..]));
        Assert.False(await platform.GetGrain<ICourtGrain>(GrainKeys.Court("c1")).AuthenticateAsync("chosen-by-the-agency") is not null);
    }

    [Fact]
    public async Task AgencyClient_WithoutAValidKey_IsRefusedEvenTheChecks()
    {
        var passenger = new SubjectInput(IdType.ResidentId, TestIds.ResidentId());
        var request = new CheckRequest("rail", "consumption.rail", passenger) { Action = new RailAction("G1", "second") };

        var wrongSecret = new CheckGrains(await ConnectAsync(_railKey[.._railKey.LastIndexOf('.')] + ".not-the-secret"));
        var noKey = new CheckGrains(await ConnectAsync(key: null));

        await Assert.ThrowsAsync<UnauthorizedAccessException>(() => wrongSecret.CheckAsync(request));
        await Assert.ThrowsAsync<UnauthorizedAccessException>(() => noKey.CheckAsync(request));
    }

    [Fact]
    public async Task Sample_WithOnlyWhatAnAgencyIsGiven_BlocksAListedPassenger()
    {
        var debtor = TestIds.ResidentId();
        await _system.JsonAsync(HttpMethod.Post, "/v1/court/events", _courtKey, new
        {
            events = new[] { new { eventId = "e-1", type = "listed", caseNumber = CaseNumber, subject = new { idType = "resident_id", idNumber = debtor, name = "张三" }, listedOn = "2026-11-20", @public = true } },
        });

        var (exitCode, output, errors) = await RunSampleAsync(_railKey, "resident_id", debtor, "G123", "second");

        Assert.True(exitCode == 0, $"the sample exited with {exitCode}: {errors}");
        Assert.True(output.Contains(": Block", StringComparison.Ordinal) && output.Contains($"case {CaseNumber} at court c1", StringComparison.Ordinal),
            $"the sample did not block the listed passenger citing the case: {output} {errors}");
        // Its database login reads where the silos are, and nothing else.
        await using var connection = new NpgsqlConnection(_given["JP_POSTGRES"]);
        await connection.OpenAsync();
        foreach (var sql in new[] { "SELECT count(*) FROM jp_check_count", "SELECT count(*) FROM orleansstorage", "SELECT hostname FROM orleansmembershiptable" })
        {
            await using var command = new NpgsqlCommand(sql, connection);
            var denied = await Assert.ThrowsAsync<PostgresException>(() => command.ExecuteScalarAsync());
            Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, denied.SqlState);
        }
    }

    /// <summary>What scripts/agency-credentials.sh makes for an agency: its certificate and key, the cluster certificate, a membership-only login.</summary>
    private async Task<Dictionary<string, string?>> GiveAgencyAsync(string code)
    {
        using var certificate = TestCertificates.IssuedBy(_agencyCa, code);
        var (agencyCrt, agencyKey) = TestCertificates.WritePem(certificate, $"agency-{code}", withKey: true);
        var login = $"jp_agency_{code}_{Guid.NewGuid():N}";
        await _system.ExecuteSqlAsync($"CREATE ROLE {login} LOGIN PASSWORD 'agency-password' IN ROLE jp_agency_client");
        return new Dictionary<string, string?>
        {
            ["JP_POSTGRES"] = new NpgsqlConnectionStringBuilder(_system.ConnectionString) { Username = login, Password = "agency-password", MaxPoolSize = 4 }.ConnectionString,
            ["Tls:Mode"] = "on",
            ["Tls:CertificatePath"] = agencyCrt,
            ["Tls:KeyPath"] = agencyKey,
            ["Tls:CaPath"] = TestCertificates.WritePem(_cluster, "cluster-public", withKey: false).Certificate,
        };
    }

    /// <summary>An Orleans client with only what the agency was given, sending <paramref name="key"/> (none when null).</summary>
    private async Task<IClusterClient> ConnectAsync(string? key)
    {
        var settings = new Dictionary<string, string?>(_given) { [CallCredentials.SecretSetting] = "" };
        var host = await ClusterHarness.StartClientAsync(_given["JP_POSTGRES"]!, settings, client =>
        {
            if (key is not null)
            {
                client.UseAgencyKey(key);
            }
        });
        _clients.Add(host);
        return host.Services.GetRequiredService<IClusterClient>();
    }

    /// <summary>Runs the built sample as an agency would, with its environment holding only what the agency was given.</summary>
    private async Task<(int ExitCode, string Output, string Errors)> RunSampleAsync(string key, params string[] arguments)
    {
        var sample = ClusterHarness.RepositoryPath("samples", "AgencyGateway", "bin", ClusterHarness.BuildConfiguration, "net10.0", "JointPunishment.AgencyGateway.dll");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(sample);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("JP_", StringComparison.Ordinal) || k.StartsWith("Tls__", StringComparison.Ordinal)).ToList())
        {
            start.Environment.Remove(name);
        }

        foreach (var (name, value) in _given)
        {
            start.Environment[name.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        start.Environment["JP_AGENCY_KEY"] = key;
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output, await errors);
    }

    public async Task DisposeAsync()
    {
        foreach (var client in _clients)
        {
            await client.StopAsync();
            client.Dispose();
        }

        await _system.DisposeAsync();
        _cluster.Dispose();
        _agencyCa.Dispose();
    }
}
