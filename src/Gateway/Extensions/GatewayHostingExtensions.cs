using JointPunishment.Gateway.Health;
using JointPunishment.Storage;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;

namespace JointPunishment.Gateway.Extensions;

public static class GatewayHostingExtensions
{
    public const string DefaultUrl = "http://127.0.0.1:5080";

    /// <summary>The HTTP gateway: an Orleans client over ADO.NET clustering (gateways read from the membership table).</summary>
    public static WebApplicationBuilder AddJointPunishmentGateway(this WebApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        builder.WebHost.UseUrls(configuration["JP_GATEWAY_URL"] is { Length: > 0 } url ? url : DefaultUrl);

        builder.Services.AddPostgres(configuration);
        builder.Services.AddProblemDetails();
        builder.Services.AddSingleton<ClusterConnection>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<ClusterConnection>());
        builder.Services.AddSingleton(sp => sp.GetRequiredService<ClusterConnection>().Client);
        builder.Services.AddSingleton<IGrainFactory>(sp => sp.GetRequiredService<ClusterConnection>().Client);

        builder.Services.AddHealthChecks().AddCheck<ClusterHealthCheck>("cluster");
        return builder;
    }

    public static WebApplication MapJointPunishmentGateway(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();

        // Readiness: the cluster answers a grain call. Liveness: the process serves HTTP.
        app.MapHealthChecks("/health");
        app.MapHealthChecks("/alive", new HealthCheckOptions { Predicate = _ => false });
        return app;
    }
}
