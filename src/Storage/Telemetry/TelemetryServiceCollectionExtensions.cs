using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace JointPunishment.Storage.Telemetry;

public static class TelemetryServiceCollectionExtensions
{
    /// <summary>Orleans' own meter (messaging, catalog, membership, storage, …).</summary>
    public const string OrleansMeter = "Microsoft.Orleans";

    /// <summary>Set to an OTLP collector (e.g. <c>http://collector:4317</c>) to export metrics, traces and logs.</summary>
    public const string OtlpEndpointVariable = "OTEL_EXPORTER_OTLP_ENDPOINT";

    /// <summary>Whether traces are collected: only when they are exported, since a traced grain call costs on the check path.</summary>
    public static bool TracingEnabled(IConfiguration configuration) => configuration[OtlpEndpointVariable] is { Length: > 0 };

    /// <summary>
    /// OpenTelemetry for a host of the platform. Metrics (Orleans' meter, the platform's <paramref name="meters"/>,
    /// Npgsql's and the .NET runtime's) are always collected, for Prometheus to scrape. When
    /// <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set, Orleans', Npgsql's and <paramref name="tracing"/>'s traces are
    /// collected too, and metrics, traces and logs go to that collector.
    /// </summary>
    public static OpenTelemetryBuilder AddJointPunishmentTelemetry(
        this IServiceCollection services, IConfiguration configuration, string serviceName, string[] meters, Action<TracerProviderBuilder>? tracing = null)
    {
        var telemetry = services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(serviceName, serviceInstanceId: Environment.MachineName + ":" + Environment.ProcessId))
            .WithMetrics(metrics => metrics.AddMeter([OrleansMeter, "Npgsql", .. meters]).AddRuntimeInstrumentation());
        if (TracingEnabled(configuration))
        {
            telemetry
                .WithTracing(traces =>
                {
                    traces.AddSource("Microsoft.Orleans.*").AddNpgsql();
                    tracing?.Invoke(traces);
                })
                .WithLogging()
                .UseOtlpExporter();
        }

        return telemetry;
    }
}
