using JointPunishment.ClusterSecurity;
using JointPunishment.Grains.Interfaces;
using JointPunishment.Grains.Interfaces.Diagnostics;
using JointPunishment.Integration.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Hosting;

namespace JointPunishment.Integration.Tests;

[Collection(PostgresCollection.Name)]
public sealed class ClusterTlsTests(PostgresServer postgres)
{
    private static readonly TimeSpan RefusalTimeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Client_PresentingTheClusterCertificate_CallsGrainsOnTlsSilo()
    {
        var connectionString = await postgres.CreateDatabaseAsync();
        var tls = TestCertificates.SelfSignedTlsSettings("cluster");
        using var silo = await ClusterHarness.StartSiloAsync(connectionString, SiloSettings(tls));
        using var clientHost = await ClusterHarness.StartClientAsync(connectionString, tls);
        var probe = clientHost.Services.GetRequiredService<IClusterClient>().GetGrain<IStorageProbeGrain>(GrainKeys.StorageProbe("tls"));

        await probe.WriteAsync("over TLS");

        Assert.Equal("over TLS", await probe.ReadAsync());
        await clientHost.StopAsync();
        await silo.StopAsync();
    }

    [Fact]
    public async Task Client_WithoutTls_IsRefusedByTlsSilo()
    {
        var (connectionString, silo, siloLog) = await StartTlsSiloAsync();
        using var _ = silo;

        await AssertRefusedAsync(connectionString, siloLog, new Dictionary<string, string?> { ["Tls:Mode"] = "off" });

        await silo.StopAsync();
    }

    [Fact]
    public async Task Client_PresentingAnUntrustedCertificate_IsRefusedByTlsSilo()
    {
        var (connectionString, silo, siloLog) = await StartTlsSiloAsync();
        using var _ = silo;
        using var intruder = TestCertificates.SelfSigned("intruder");

        // An intruder that trusts any silo: only the silo's own check of the client certificate stops it.
        await AssertRefusedAsync(connectionString, siloLog, new Dictionary<string, string?> { ["Tls:Mode"] = "off" },
            client => client.UseTls(intruder, o => o.AllowAnyRemoteCertificate()));

        await silo.StopAsync();
    }

    [Fact]
    public async Task Client_PresentingAnAgencyCertificate_IsRefusedBySiloWithoutTheAgencyCa()
    {
        var (connectionString, silo, siloLog) = await StartTlsSiloAsync();
        using var _ = silo;
        using var agencyCa = TestCertificates.SelfSigned("agency-ca");
        using var agency = TestCertificates.IssuedBy(agencyCa, "rail");

        // Agencies' certificates are admitted only where the operator configured their CA (Tls:AgencyCaPath).
        await AssertRefusedAsync(connectionString, siloLog, new Dictionary<string, string?> { ["Tls:Mode"] = "off" },
            client => client.UseTls(agency, o => o.AllowAnyRemoteCertificate()));

        await silo.StopAsync();
    }

    [Fact]
    public async Task Silo_WhoseAgencyCaIsTheClusterCertificate_RefusesToStart()
    {
        var connectionString = await postgres.CreateDatabaseAsync();
        using var cluster = TestCertificates.SelfSigned("cluster");
        var pfx = Path.Combine(Path.GetTempPath(), $"jp-tls-cluster-{Guid.NewGuid():N}.pfx");
        await File.WriteAllBytesAsync(pfx, cluster.Export(System.Security.Cryptography.X509Certificates.X509ContentType.Pkcs12, TestCertificates.Password));
        var settings = SiloSettings(new Dictionary<string, string?>
        {
            ["Tls:Mode"] = "on",
            ["Tls:CertificatePath"] = pfx,
            ["Tls:CertificatePassword"] = TestCertificates.Password,
            // An agency's certificate from this "CA" would be the cluster's own: it would let its holder join as a silo.
            ["Tls:AgencyCaPath"] = TestCertificates.WritePem(cluster, "cluster-public", withKey: false).Certificate,
        });

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => ClusterHarness.StartSiloAsync(connectionString, settings));

        Assert.Contains("Tls:AgencyCaPath", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LoadCertificate_RequiredWithoutCertificate_FailsNamingTheSetting()
    {
        var production = new ConfigurationBuilder().Build();

        var error = Assert.Throws<InvalidOperationException>(() => ClusterTls.LoadCertificate(production, isDevelopment: false));

        Assert.Contains("Tls:CertificatePath", error.Message, StringComparison.Ordinal);
        Assert.Null(ClusterTls.LoadCertificate(production, isDevelopment: true));
    }

    [Fact]
    public void IsClusterMember_AcceptsTheClusterCertificateOrOneIssuedByTheCa_AndNothingElse()
    {
        using var ca = TestCertificates.SelfSigned("cluster-ca");
        using var silo = TestCertificates.IssuedBy(ca, "silo");
        using var client = TestCertificates.IssuedBy(ca, "client");
        using var stranger = TestCertificates.SelfSigned("stranger");

        Assert.True(ClusterTls.IsClusterMember(silo, silo, authority: null));
        Assert.False(ClusterTls.IsClusterMember(client, silo, authority: null));
        Assert.True(ClusterTls.IsClusterMember(client, silo, ca));
        Assert.False(ClusterTls.IsClusterMember(stranger, silo, ca));
    }

    private async Task<(string ConnectionString, IHost Silo, LogCapture Log)> StartTlsSiloAsync()
    {
        var connectionString = await postgres.CreateDatabaseAsync();
        var log = new LogCapture();
        var silo = await ClusterHarness.StartSiloAsync(connectionString, SiloSettings(TestCertificates.SelfSignedTlsSettings("cluster")), log);
        return (connectionString, silo, log);
    }

    private static Dictionary<string, string?> SiloSettings(Dictionary<string, string?> tls) =>
        new(ClusterHarness.FastFailureDetection.Concat(tls));

    /// <summary>The silo fails the client's TLS handshake, and the client never gets to start.</summary>
    private static async Task AssertRefusedAsync(string connectionString, LogCapture siloLog, Dictionary<string, string?> clientSettings, Action<IClientBuilder>? configure = null)
    {
        using var giveUp = new CancellationTokenSource();
        var start = ClusterHarness.StartClientAsync(connectionString, clientSettings, configure, giveUp.Token);

        // The first attempt is refused at once; Orleans' client would go on retrying with back-off for minutes.
        await ClusterHarness.EventuallyAsync(() =>
        {
            Assert.Contains(siloLog.Lines, line => line.Contains("TlsServerConnectionMiddleware: Authentication failed", StringComparison.Ordinal));
            return Task.CompletedTask;
        }, RefusalTimeout);
        await giveUp.CancelAsync();

        Assert.NotNull(await Record.ExceptionAsync(() => start));
    }
}
