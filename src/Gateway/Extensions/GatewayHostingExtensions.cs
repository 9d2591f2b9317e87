using JointPunishment.ClusterSecurity;
using JointPunishment.Gateway.AgencyWebhooks;
using JointPunishment.Gateway.Apis;
using JointPunishment.Gateway.Auth;
using JointPunishment.Gateway.Checks;
using JointPunishment.Grains.Checks;
using JointPunishment.Storage.Audit;
using JointPunishment.Gateway.Health;
using JointPunishment.Gateway.Net;
using JointPunishment.Gateway.PublicList;
using JointPunishment.Gateway.PublicPage;
using JointPunishment.Gateway.Republishers;
using JointPunishment.Storage.Federation;
using JointPunishment.Gateway.OpenApi;
using JointPunishment.Gateway.Operator;
using JointPunishment.Gateway.Telemetry;
using JointPunishment.Grains;
using Scalar.AspNetCore;
using JointPunishment.Storage;
using JointPunishment.Storage.Settings;
using JointPunishment.Storage.Telemetry;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.DependencyInjection.Extensions;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using Orleans.Dashboard;
using JointPunishment.Storage.Watchlists;
using JointPunishment.Storage.Encryption;

namespace JointPunishment.Gateway.Extensions;

public static class GatewayHostingExtensions
{
    public const string DefaultUrl = "http://127.0.0.1:5080";

    /// <summary>The HTTP gateway: an Orleans client over ADO.NET clustering (gateways read from the membership table).</summary>
    public static WebApplicationBuilder AddJointPunishmentGateway(this WebApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        if (ListenUrls(configuration["JP_GATEWAY_URL"], builder.WebHost) is { } urls)
        {
            builder.WebHost.UseUrls(urls);
        }

        if (ClusterTls.LoadCertificate(configuration, builder.Environment.IsDevelopment()) is { } certificate)
        {
            // An https:// JP_GATEWAY_URL is served with the cluster certificate unless Kestrel's own
            // Kestrel:Certificates:Default (or an endpoint's certificate) names another.
            builder.WebHost.ConfigureKestrel(k => k.ConfigureHttpsDefaults(https => https.ServerCertificate ??= certificate));
        }


        builder.Services.AddStorageKey(configuration);
        builder.Services.AddPostgres(configuration);
        builder.Services.AddAccountabilityStores();
        builder.Services.AddKeyedSingleton(WatchlistStore.MemberPurpose, (sp, _) => new SecretProtector(sp.GetRequiredService<StorageKeyRing>(), WatchlistStore.MemberPurpose));
        builder.Services.AddSingleton<WatchlistStore>();
        builder.Services.AddSingleton<AlertFeed>();
        builder.Services.AddProblemDetails();
        builder.Services.AddExceptionHandler<ClusterUnavailableExceptionHandler>();
        builder.Services.AddSingleton<ClusterConnection>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<ClusterConnection>());
        builder.Services.AddTransient(sp => sp.GetRequiredService<ClusterConnection>().Client);
        builder.Services.AddTransient<IGrainFactory>(sp => sp.GetRequiredService<ClusterConnection>().Client);
        builder.Services.AddTransient(sp => sp.GetRequiredService<ClusterConnection>().Checks);

        builder.Services.AddJointPunishmentDomain(configuration);
        // Checks are answered here by the same CheckPipeline the silos run (registered with the domain): with this
        // gateway's own lease-held copy of the index, and a recorder for the checks it answers (jp_check_count and
        // jp_check_hit, as the silos record theirs).
        builder.Services.AddHostedService<GatewayIndexCopy>();
        builder.Services.AddCheckRecorder();
        builder.Services.AddMemoryCache();
        builder.Services.AddOperatorKey(configuration, required: true);
        builder.Services.AddSingleton<CallerAuthenticator>();
        builder.Services.AddAuthentication().AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null);
        builder.Services.AddAuthorization();
        builder.Services.AddOptions<FailedAuthenticationOptions>().BindConfiguration(FailedAuthenticationOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<FailedAuthenticationLimiter>();
        builder.Services.AddTrustedProxies(configuration);
        builder.Services.AddOptions<AgencyRateLimitOptions>().BindConfiguration(AgencyRateLimitOptions.Section);
        builder.Services.AddSingleton<AgencyRateLimiter>();
        builder.Services.AddSingleton<KeyEventsSubscription>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<KeyEventsSubscription>());
        builder.Services.AddSingleton<AuditLog>();
        builder.Services.AddFederationFeed();
        builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull);
        builder.Services.AddGatewayOpenApi();
        builder.Services.AddOptions<PublicListOptions>().BindConfiguration(PublicListOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<PublicListReader>();
        builder.Services.AddSingleton<PublicAgencies>();
        builder.Services.AddPublicRateLimiting();
        builder.Services.AddRepublisherWebhooks(configuration);
        builder.Services.AddAssistanceAndAgencyWebhooks(configuration);

        builder.Services.AddHealthChecks().AddCheck<ClusterHealthCheck>("cluster");

        builder.Services.AddSingleton<GatewayMetrics>();
        builder.Services.AddJointPunishmentTelemetry(configuration, "jp-gateway", [GatewayMetrics.MeterName, Grains.Diagnostics.SiloMetrics.MeterName], traces => traces.AddAspNetCoreInstrumentation(o => o.EnrichWithHttpRequest = TraceRedaction.Enrich))
            .WithMetrics(metrics => metrics.AddAspNetCoreInstrumentation()
                // Three of ASP.NET Core's per-request instruments cost every check an update and say nothing the gateway
                // does not count already: key look-ups and refusals (jp_key_lookups), answers by route and status
                // (http.server.request.duration). Dropped, they are not even recorded (docs/operations.md).
                .AddView("aspnetcore.routing.match_attempts", MetricStreamConfiguration.Drop)
                .AddView("aspnetcore.authentication.authenticate.duration", MetricStreamConfiguration.Drop)
                .AddView("aspnetcore.authorization.attempts", MetricStreamConfiguration.Drop)
                .AddPrometheusExporter());
        AddDashboard(builder.Services, configuration);
        return builder;
    }

    /// <summary>
    /// The addresses to listen on: <c>JP_GATEWAY_URL</c> when set; otherwise none of ours when ASP.NET Core is told
    /// where to listen (<c>ASPNETCORE_URLS</c>, or <c>ASPNETCORE_HTTP_PORTS</c>/<c>HTTPS_PORTS</c> as the container
    /// image sets them); only without either the loopback <see cref="DefaultUrl"/>.
    /// </summary>
    public static string? ListenUrls(string? gatewayUrl, IWebHostBuilder webHost)
    {
        if (gatewayUrl is { Length: > 0 })
        {
            return gatewayUrl;
        }

        string[] aspNetCoreSettings = [WebHostDefaults.ServerUrlsKey, WebHostDefaults.HttpPortsKey, WebHostDefaults.HttpsPortsKey];
        return aspNetCoreSettings.Any(key => !string.IsNullOrWhiteSpace(webHost.GetSetting(key))) ? null : DefaultUrl;
    }

    /// <summary>
    /// The Orleans dashboard's client side, in the web host's services (see <see cref="WebHostClientBuilder"/>). Its
    /// client is resolved per request, so it follows <see cref="ClusterConnection"/> when a failed client is replaced.
    /// </summary>
    private static void AddDashboard(IServiceCollection services, IConfiguration configuration)
    {
        new WebHostClientBuilder(services, configuration).AddDashboard();
        var dashboardClient = services.Single(d => d.ServiceType.Name == "IDashboardClient");
        services.Replace(ServiceDescriptor.Transient(dashboardClient.ServiceType, dashboardClient.ImplementationType!));
    }

    public static WebApplication MapJointPunishmentGateway(this WebApplication app)
    {
        RequestArrival.UseRequestArrival(app, app.Services.GetRequiredService<TimeProvider>());
        app.UseForwardedHeaders();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UsePublicRateLimiting();
        // After the exception handler, so that a cluster that cannot verify a key answers 503 as any other call does.
        app.UseAuthentication();
        app.UseAuthorization();

        // Readiness: the cluster answers a grain call. Liveness: the process serves HTTP.
        app.MapHealthChecks("/health");
        app.MapHealthChecks("/alive", new HealthCheckOptions { Predicate = _ => false });

        // Prometheus text: the gateway's jp_* figures, Orleans' client meters, ASP.NET Core's, Npgsql's and the runtime's;
        // for the operator only (CONTRACT.md). The exporter's endpoint is no route handler, so the key is checked in its branch.
        app.MapPrometheusScrapingEndpoint("/metrics", meterProvider: null, configureBranchedPipeline: branch => branch.Use(OperatorOnlyMiddleware.InvokeAsync), optionsName: null);
        app.MapOrleansDashboard("/dashboard").AddEndpointFilter(new DashboardAccessFilter())
            .WithMetadata(new CallerRoles([CallerRole.Operator])).ExcludeFromDescription();

        app.MapOpenApi();
        app.MapScalarApiReference("/docs");
        app.MapCatalogueApi();
        app.MapOperatorApi();
        app.MapCourtApi();
        app.MapChecksApi();
        app.MapFeedbackApi();
        app.MapPublicApi();
        app.MapPublicPage();
        app.MapRepublishersApi();
        app.MapComplaintsApi();
        app.MapOverdueApi();
        app.MapCourtRecordApi();
        app.MapObjectionsApi();
        app.MapLedgerApi();
        app.MapCreditRepairApi();
        app.MapRedListApi();
        app.MapAssistanceApi();
        app.MapAlertsWebhookApi();
        app.MapSamplingApi();
        app.MapStatsApi();
        app.MapFederationApi();
        app.MapFederationReportsApi();
        app.MapUpstreamApi();
        app.MapWatchlistsApi();
        app.MapOperatorPage();
        return app;
    }
}
