using System.Globalization;
using JointPunishment.Gateway.Extensions;
using JointPunishment.Integration.Tests.Infrastructure;
using JointPunishment.Silo.Extensions;
using YamlDotNet.RepresentationModel;

namespace JointPunishment.Integration.Tests.Operations;

/// <summary>The production layouts in <c>deploy/</c> match what the hosts read: images, settings, ports, secrets, RBAC.</summary>
public sealed class DeploymentManifestTests
{
    private static readonly YamlMappingNode[] Documents = [.. Directory.GetFiles(ClusterHarness.RepositoryPath("deploy", "k8s"), "*.yaml")
        .SelectMany(file =>
        {
            var yaml = new YamlStream();
            using var reader = File.OpenText(file);
            yaml.Load(reader);
            return yaml.Documents.Select(d => (YamlMappingNode)d.RootNode);
        })];

    [Fact]
    public void Kubernetes_EveryObject_IsInTheNamespace()
    {
        Assert.All(Documents.Where(d => Scalar(d, "kind") != "Namespace"), d => Assert.Equal("jointpunishment", Scalar(d, "metadata", "namespace")));
    }

    [Fact]
    public void Kubernetes_Silo_RunsTheSiloImage_WithKubernetesHosting_ItsPorts_AndPodRights()
    {
        var pod = Map(Object("Deployment", "jp-silo"), "spec", "template");
        var container = Container(pod, "jointpunishment/silo");
        var env = Env(container);

        Assert.Equal("true", env[Setting(SiloHostingExtensions.KubernetesSetting)]);
        Assert.Equal(Port(container, "metrics"), env[Setting(SiloHostingExtensions.MetricsPortSetting)]);
        Assert.Equal(Port(container, "silo"), env[Setting($"{SiloEndpointSettings.Section}:{nameof(SiloEndpointSettings.SiloPort)}")]);
        Assert.Equal(Port(container, "gateway"), env[Setting($"{SiloEndpointSettings.Section}:{nameof(SiloEndpointSettings.GatewayPort)}")]);
        Assert.Equal("metadata.labels['orleans/serviceId']", env["ORLEANS_SERVICE_ID"]);
        Assert.Equal("metadata.labels['orleans/clusterId']", env["ORLEANS_CLUSTER_ID"]);
        Assert.Equal("status.podIP", env["POD_IP"]);
        Assert.Equal("metadata.name", env["POD_NAME"]);
        Assert.Equal("metadata.namespace", env["POD_NAMESPACE"]);
        AssertSecrets(env, "JP_POSTGRES", "JP_SUBJECT_KEY", "JP_STORAGE_KEY", "JP_STORAGE_OLD_KEYS");
        Assert.Equal(Scalar(pod, "metadata", "annotations", "prometheus.io/port"), Port(container, "metrics"));

        // The host gives a stopping silo 30 s to hand its activations over; Kubernetes must wait longer before SIGKILL.
        Assert.True(int.Parse(Scalar(pod, "spec", "terminationGracePeriodSeconds"), CultureInfo.InvariantCulture) > 30);

        var account = Scalar(pod, "spec", "serviceAccountName");
        var binding = Assert.Single(Documents, d => Scalar(d, "kind") == "RoleBinding"
            && Seq(d, "subjects").Cast<YamlMappingNode>().Any(s => Scalar(s, "kind") == "ServiceAccount" && Scalar(s, "name") == account));
        var role = Object("Role", Scalar(binding, "roleRef", "name"));
        var verbs = Seq(role, "rules").Cast<YamlMappingNode>().Where(r => Seq(r, "resources").Select(v => v.ToString()).Contains("pods"))
            .SelectMany(r => Seq(r, "verbs").Select(v => v.ToString())).ToHashSet();
        Assert.Superset(verbs, new HashSet<string> { "get", "list", "watch", "patch", "delete" });
        Assert.NotNull(Object("ServiceAccount", account));
    }

    [Fact]
    public void Kubernetes_Gateway_RunsTheGatewayImage_InTheSilosCluster_BehindAService()
    {
        var pod = Map(Object("Deployment", "jp-gateway"), "spec", "template");
        var container = Container(pod, "jointpunishment/gateway");
        var env = Env(container);
        var siloLabels = Map(Object("Deployment", "jp-silo"), "spec", "template", "metadata", "labels");

        Assert.EndsWith(":" + Port(container, "http"), env["JP_GATEWAY_URL"], StringComparison.Ordinal);
        Assert.Equal(Scalar(siloLabels, "orleans/clusterId"), env["Cluster__ClusterId"]);
        Assert.Equal(Scalar(siloLabels, "orleans/serviceId"), env["Cluster__ServiceId"]);
        AssertSecrets(env, "JP_POSTGRES", "JP_SUBJECT_KEY", "JP_STORAGE_KEY", "JP_STORAGE_OLD_KEYS", "JP_OPERATOR_KEY");
        Assert.Equal("/health", Scalar(container, "readinessProbe", "httpGet", "path"));
        Assert.Equal("/alive", Scalar(container, "livenessProbe", "httpGet", "path"));

        var service = Object("Service", "jp-gateway");
        Assert.Equal("http", Scalar((YamlMappingNode)Seq(service, "spec", "ports")[0], "targetPort"));
        Assert.Equal(Scalar(pod, "metadata", "labels", "app"), Scalar(service, "spec", "selector", "app"));
    }

    [Fact]
    public void Migrations_RunAsTheSchemaOwner_InAStepOfTheirOwn_WhoseSecretNoSiloOrGatewayReceives()
    {
        var pod = Map(Object("Deployment", "jp-silo"), "spec", "template");
        var migrate = Assert.Single(Seq(pod, "spec", "initContainers").Cast<YamlMappingNode>());
        Assert.Equal(Scalar(Container(pod, "jointpunishment/silo"), "image"), Scalar(migrate, "image"));
        Assert.Equal("migrate", Assert.Single(Seq(migrate, "args")).ToString());
        AssertSecrets(Env(migrate), "JP_POSTGRES", "JP_POSTGRES_ADMIN");
        var running = Seq(pod, "spec", "containers").Concat(Seq(Map(Object("Deployment", "jp-gateway"), "spec", "template"), "spec", "containers"));
        Assert.All(running.Cast<YamlMappingNode>(), c => Assert.DoesNotContain("JP_POSTGRES_ADMIN", Env(c).Keys));

        var systemd = ClusterHarness.RepositoryPath("deploy", "systemd");
        var unit = File.ReadAllLines(Path.Combine(systemd, "jointpunishment-migrate.service"));
        Assert.Contains("ExecStart=/usr/bin/dotnet /opt/jointpunishment/silo/JointPunishment.Silo.dll migrate", unit);
        Assert.Contains("EnvironmentFile=/etc/jointpunishment/migrate.env", unit);
        Assert.Contains("JP_POSTGRES_ADMIN=", File.ReadAllText(Path.Combine(systemd, "migrate.env.example")), StringComparison.Ordinal);
        Assert.Contains("jointpunishment-migrate.service", File.ReadAllText(Path.Combine(systemd, "jointpunishment-silo.service")), StringComparison.Ordinal);
        Assert.All(Directory.GetFiles(systemd, "*.env.example").Where(f => !f.EndsWith("migrate.env.example", StringComparison.Ordinal)),
            f => Assert.DoesNotContain("JP_POSTGRES_ADMIN", File.ReadAllText(f), StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("silo.Dockerfile", typeof(SiloHostingExtensions), "jointpunishment/silo")]
    [InlineData("gateway.Dockerfile", typeof(GatewayHostingExtensions), "jointpunishment/gateway")]
    public void Dockerfiles_BuildTheImagesTheManifestsRun(string file, Type host, string image)
    {
        var text = File.ReadAllText(ClusterHarness.RepositoryPath("deploy", "docker", file));
        Assert.Contains($"-t {image}:latest", text, StringComparison.Ordinal);
        Assert.Contains($"ENTRYPOINT [\"dotnet\", \"{host.Assembly.GetName().Name}.dll\"]", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("jointpunishment-silo.service", typeof(SiloHostingExtensions))]
    [InlineData("jointpunishment-gateway.service", typeof(GatewayHostingExtensions))]
    public void Systemd_Units_RunTheHost_StopWithSigterm_AndWaitLongerThanTheHost(string unit, Type host)
    {
        var lines = File.ReadAllLines(ClusterHarness.RepositoryPath("deploy", "systemd", unit))
            .Where(l => l.Contains('=', StringComparison.Ordinal) && !l.StartsWith('#'))
            .Select(l => l.Split('=', 2))
            .ToLookup(p => p[0], p => p[1]);

        Assert.EndsWith($"/{host.Assembly.GetName().Name}.dll", Assert.Single(lines["ExecStart"]), StringComparison.Ordinal);
        Assert.Equal("SIGTERM", Assert.Single(lines["KillSignal"]));
        Assert.True(int.Parse(Assert.Single(lines["TimeoutStopSec"]), CultureInfo.InvariantCulture) > 30);
        Assert.All(lines["EnvironmentFile"], path => Assert.True(
            File.Exists(ClusterHarness.RepositoryPath("deploy", "systemd", Path.GetFileName(path) + ".example")),
            $"{path} has no example beside the unit"));
    }

    private static void AssertSecrets(Dictionary<string, string> env, params string[] names)
    {
        var secret = Map(Object("Secret", "jp-secrets"), "stringData");
        Assert.All(names, name =>
        {
            Assert.Equal($"jp-secrets/{name}", env[name]);
            Assert.True(secret.Children.ContainsKey(name), $"jp-secrets has no {name}");
        });
    }

    private static YamlMappingNode Object(string kind, string name) =>
        Assert.Single(Documents, d => Scalar(d, "kind") == kind && Scalar(d, "metadata", "name") == name);

    private static YamlMappingNode Container(YamlMappingNode pod, string image) =>
        Assert.Single(Seq(pod, "spec", "containers").Cast<YamlMappingNode>(), c => Scalar(c, "image").StartsWith(image + ":", StringComparison.Ordinal));

    /// <summary>Environment variables: a value, <c>secret/key</c> for a secret, or the field path of a field reference.</summary>
    private static Dictionary<string, string> Env(YamlMappingNode container) =>
        Seq(container, "env").Cast<YamlMappingNode>().ToDictionary(e => Scalar(e, "name"), e =>
            e.Children.ContainsKey("value") ? Scalar(e, "value")
            : Map(e, "valueFrom").Children.ContainsKey("secretKeyRef") ? $"{Scalar(e, "valueFrom", "secretKeyRef", "name")}/{Scalar(e, "valueFrom", "secretKeyRef", "key")}"
            : Scalar(e, "valueFrom", "fieldRef", "fieldPath"));

    private static string Port(YamlMappingNode container, string name) =>
        Scalar(Assert.Single(Seq(container, "ports").Cast<YamlMappingNode>(), p => Scalar(p, "name") == name), "containerPort");

    private static string Setting(string key) => key.Replace(":", "__", StringComparison.Ordinal);

    private static YamlMappingNode Map(YamlMappingNode node, params string[] path) =>
        path.Aggregate(node, (current, key) => (YamlMappingNode)current[key]);

    private static YamlSequenceNode Seq(YamlMappingNode node, params string[] path) =>
        (YamlSequenceNode)Map(node, path[..^1])[path[^1]];

    private static string Scalar(YamlMappingNode node, params string[] path) =>
        ((YamlScalarNode)Map(node, path[..^1])[path[^1]]).Value ?? "";
}
