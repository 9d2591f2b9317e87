using JointPunishment.Gateway.Extensions;
using JointPunishment.Silo.Extensions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using k8s;
using Orleans.Hosting.Kubernetes;

namespace JointPunishment.Integration.Tests.Infrastructure;

/// <summary>
/// Builds the silo or the gateway as its <c>Program</c> does, from a deployment's environment variables alone, and
/// runs what the host itself checks before it starts serving: the settings read while it is configured, options
/// validated on start, and the construction of its hosted services (which is where a missing secret of theirs
/// fails). It is the hosts' own validation, so whatever a host comes to require is required here too; only what
/// needs the network (PostgreSQL, other silos, Kubernetes) is left to a real start.
/// </summary>
public static class HostStartupCheck
{
    /// <summary>
    /// Variables Orleans' Kubernetes hosting reads from the process environment itself, not from configuration: set in
    /// this process while a silo is checked (no other test reads them).
    /// </summary>
    private static readonly string[] ProcessEnvironment =
    [
        KubernetesHostingOptions.PodNamespaceEnvironmentVariable, KubernetesHostingOptions.PodNameEnvironmentVariable,
        KubernetesHostingOptions.PodIPEnvironmentVariable, KubernetesHostingOptions.ClusterIdEnvironmentVariable,
        KubernetesHostingOptions.ServiceIdEnvironmentVariable,
    ];

    private static readonly Lock ProcessEnvironmentLock = new();

    /// <summary>Throws what the silo would refuse to start with.</summary>
    public static void Silo(IReadOnlyDictionary<string, string> environment)
    {
        lock (ProcessEnvironmentLock)
        {
            foreach (var name in ProcessEnvironment)
            {
                Environment.SetEnvironmentVariable(name, environment.GetValueOrDefault(name));
            }

            try
            {
                CheckSilo(environment);
            }
            finally
            {
                foreach (var name in ProcessEnvironment)
                {
                    Environment.SetEnvironmentVariable(name, null);
                }
            }
        }
    }

    private static void CheckSilo(IReadOnlyDictionary<string, string> environment)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            DisableDefaults = true,
            EnvironmentName = EnvironmentName(environment, "DOTNET_ENVIRONMENT"),
            ContentRootPath = ClusterHarness.RepositoryPath("src", "Silo"),
        });
        builder.Configuration.AddJsonFile(ClusterHarness.RepositoryPath("src", "Silo", "appsettings.json"), optional: false);
        builder.Configuration.AddInMemoryCollection(Settings(environment));
        builder.AddJointPunishmentSilo();
        // The API server and the service account token are what Kubernetes gives a pod (silo-rbac.yaml grants the rights).
        builder.Services.PostConfigure<KubernetesHostingOptions>(o => o.GetClientConfiguration = () => new KubernetesClientConfiguration { Host = "https://kubernetes.default.svc" });
        using var host = builder.Build();
        Validate(host.Services);
    }

    /// <summary>Throws what the gateway would refuse to start with; else the URLs it sets (null: ASP.NET Core's own settings decide).</summary>
    public static string? Gateway(IReadOnlyDictionary<string, string> environment)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            ApplicationName = typeof(GatewayHostingExtensions).Assembly.GetName().Name,
            EnvironmentName = EnvironmentName(environment, "ASPNETCORE_ENVIRONMENT", "DOTNET_ENVIRONMENT"),
            ContentRootPath = ClusterHarness.RepositoryPath("src", "Gateway"),
        });
        builder.Configuration.AddInMemoryCollection(Settings(environment));
        builder.AddJointPunishmentGateway();
        var urls = builder.WebHost.GetSetting(WebHostDefaults.ServerUrlsKey);
        var app = builder.Build();
        try
        {
            Validate(app.Services);
        }
        finally
        {
            app.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }

        return urls;
    }

    /// <summary>The port ASP.NET Core listens on for <c>ASPNETCORE_HTTP_PORTS</c> when the gateway sets no URL of its own.</summary>
    public static string? HttpPorts(IReadOnlyDictionary<string, string> environment) =>
        environment.GetValueOrDefault("ASPNETCORE_HTTP_PORTS") ?? environment.GetValueOrDefault("DOTNET_HTTP_PORTS");

    private static void Validate(IServiceProvider services)
    {
        // What Host.StartAsync does before it starts anything: validate options, then resolve the hosted services.
        services.GetService<IStartupValidator>()?.Validate();
        _ = services.GetServices<IHostedService>().ToList();
    }

    /// <summary>Environment variables as configuration keys, prefixed host settings also without their prefix, as the hosts read them.</summary>
    private static Dictionary<string, string?> Settings(IReadOnlyDictionary<string, string> environment)
    {
        var settings = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, value) in environment)
        {
            var key = name.Replace("__", ":", StringComparison.Ordinal);
            settings[key] = value;
            foreach (var prefix in (string[])["ASPNETCORE_", "DOTNET_"])
            {
                if (key.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
                {
                    settings[key[prefix.Length..]] = value;
                }
            }
        }

        return settings;
    }

    private static string EnvironmentName(IReadOnlyDictionary<string, string> environment, params string[] names) =>
        names.Select(environment.GetValueOrDefault).FirstOrDefault(v => !string.IsNullOrEmpty(v)) ?? Environments.Production;
}
