using System.Globalization;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using JointPunishment.Gateway.Extensions;
using JointPunishment.Integration.Tests.Infrastructure;
using JointPunishment.Silo.Extensions;
using YamlDotNet.RepresentationModel;
using static JointPunishment.Integration.Tests.Infrastructure.DeploymentForms;

namespace JointPunishment.Integration.Tests.Operations;

/// <summary>
/// Each form in <c>deploy/</c> gives its host everything the host requires: the environment a Kubernetes pod, a Docker
/// container or a systemd unit starts the silo or the gateway with passes that host's own start-up checks
/// (<see cref="HostStartupCheck"/>). The systemd examples are also booted for real (<see cref="SystemdBootTests"/>).
/// </summary>
public sealed class DeploymentManifestTests : IDisposable
{
    private readonly DeploymentForms _forms = new();

    public void Dispose() => _forms.Dispose();

    [Fact]
    public void Kubernetes_Silo_PassesTheSilosStartupChecks()
    {
        HostStartupCheck.Silo(_forms.Kubernetes("jp-silo", "jointpunishment/silo", "silo.Dockerfile"));
    }

    [Fact]
    public void Kubernetes_Gateway_PassesTheGatewaysStartupChecks_AndListensOnItsHttpPort()
    {
        var environment = _forms.Kubernetes("jp-gateway", "jointpunishment/gateway", "gateway.Dockerfile");

        var urls = HostStartupCheck.Gateway(environment);

        var port = Port(Container(Map(Object("Deployment", "jp-gateway"), "spec", "template"), "jointpunishment/gateway"), "http");
        Assert.Equal(port, urls is null ? HostStartupCheck.HttpPorts(environment) : new Uri(urls.Replace("*", "h", StringComparison.Ordinal)).Port.ToString(CultureInfo.InvariantCulture));
    }

    /// <summary><c>docker run --env-file jointpunishment.env [--env-file silo.env] -v /etc/jointpunishment/tls:…</c> with each image.</summary>
    [Theory]
    [InlineData("silo.Dockerfile", "jointpunishment.env", "silo.env")]
    [InlineData("gateway.Dockerfile", "jointpunishment.env")]
    public void Docker_Image_WithTheSystemdEnvFiles_PassesItsHostsStartupChecks(string dockerfile, params string[] envFiles)
    {
        var environment = DockerImageEnvironment(dockerfile);
        foreach (var file in envFiles)
        {
            foreach (var (name, value) in _forms.FillSystemd(ReadEnvFile(ClusterHarness.RepositoryPath("deploy", "systemd", file + ".example"))))
            {
                environment[name] = value;
            }
        }

        if (dockerfile.StartsWith("silo", StringComparison.Ordinal))
        {
            HostStartupCheck.Silo(environment);
        }
        else
        {
            // No JP_GATEWAY_URL: the gateway listens where the image says, the port it exposes, on every interface.
            Assert.Null(HostStartupCheck.Gateway(environment));
            Assert.Contains($"EXPOSE {HostStartupCheck.HttpPorts(environment)}", File.ReadAllText(ClusterHarness.RepositoryPath("deploy", "docker", dockerfile)), StringComparison.Ordinal);
        }
    }

    /// <summary>The check is the hosts' own: without a setting they require (those the forms once lacked), it refuses.</summary>
    [Theory]
    [InlineData("jp-silo", "JP_STORAGE_KEY")]
    [InlineData("jp-silo", "Tls__CertificatePath")]
    [InlineData("jp-silo", "JP_SUBJECT_KEY")]
    [InlineData("jp-gateway", "Tls__CertificatePath")]
    [InlineData("jp-gateway", "JP_STORAGE_KEY")]
    [InlineData("jp-gateway", "JP_POSTGRES")]
    public void StartupCheck_WithoutASettingTheHostRequires_Refuses(string deployment, string setting)
    {
        var silo = deployment == "jp-silo";
        var environment = silo
            ? _forms.Kubernetes(deployment, "jointpunishment/silo", "silo.Dockerfile")
            : _forms.Kubernetes(deployment, "jointpunishment/gateway", "gateway.Dockerfile");
        Assert.True(environment.Remove(setting), $"{deployment} does not set {setting}");

        var refused = Record.Exception(() =>
        {
            if (silo)
            {
                HostStartupCheck.Silo(environment);
            }
            else
            {
                HostStartupCheck.Gateway(environment);
            }
        });

        Assert.NotNull(refused);
    }

    [Fact]
    public void Kubernetes_EveryObject_IsInTheNamespace()
    {
        Assert.All(KubernetesObjects.Where(d => Value(d, "kind") != "Namespace"), d => Assert.Equal("jointpunishment", Value(d, "metadata", "namespace")));
    }

    [Fact]
    public void Kubernetes_Silo_RunsTheSiloImage_WithKubernetesHosting_ItsPorts_AndPodRights()
    {
        var pod = Map(Object("Deployment", "jp-silo"), "spec", "template");
        var container = Container(pod, "jointpunishment/silo");
        var env = _forms.Kubernetes("jp-silo", "jointpunishment/silo", "silo.Dockerfile");

        Assert.Equal("true", env[Setting(SiloHostingExtensions.KubernetesSetting)]);
        Assert.Equal(Port(container, "metrics"), env[Setting(SiloHostingExtensions.MetricsPortSetting)]);
        Assert.Equal(Port(container, "silo"), env[Setting($"{SiloEndpointSettings.Section}:{nameof(SiloEndpointSettings.SiloPort)}")]);
        Assert.Equal(Port(container, "gateway"), env[Setting($"{SiloEndpointSettings.Section}:{nameof(SiloEndpointSettings.GatewayPort)}")]);
        Assert.Equal(Value(pod, "metadata", "labels", "orleans/serviceId"), env["ORLEANS_SERVICE_ID"]);
        Assert.Equal(Value(pod, "metadata", "labels", "orleans/clusterId"), env["ORLEANS_CLUSTER_ID"]);
        Assert.Equal("10.1.0.7", env["POD_IP"]);
        Assert.Equal("jp-silo-0", env["POD_NAME"]);
        Assert.Equal("jointpunishment", env["POD_NAMESPACE"]);
        // During a storage key rotation the retired keys go here (docs/operations.md "Rotating keys"); empty otherwise.
        Assert.Equal("", env["JP_STORAGE_OLD_KEYS"]);

        // The host gives a stopping silo 30 s to hand its activations over; Kubernetes must wait longer before SIGKILL.
        Assert.True(int.Parse(Value(pod, "spec", "terminationGracePeriodSeconds"), CultureInfo.InvariantCulture) > 30);

        var account = Value(pod, "spec", "serviceAccountName");
        var binding = Assert.Single(KubernetesObjects, d => Value(d, "kind") == "RoleBinding"
            && Seq(d, "subjects").Cast<YamlMappingNode>().Any(s => Value(s, "kind") == "ServiceAccount" && Value(s, "name") == account));
        var role = Object("Role", Value(binding, "roleRef", "name"));
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
        var env = _forms.Kubernetes("jp-gateway", "jointpunishment/gateway", "gateway.Dockerfile");
        var siloLabels = Map(Object("Deployment", "jp-silo"), "spec", "template", "metadata", "labels");

        Assert.Equal(Value(siloLabels, "orleans/clusterId"), env["Cluster__ClusterId"]);
        Assert.Equal(Value(siloLabels, "orleans/serviceId"), env["Cluster__ServiceId"]);
        Assert.Equal("", env["JP_STORAGE_OLD_KEYS"]);
        Assert.Equal("/health", Value(container, "readinessProbe", "httpGet", "path"));
        Assert.Equal("/alive", Value(container, "livenessProbe", "httpGet", "path"));

        var service = Object("Service", "jp-gateway");
        Assert.Equal("http", Value((YamlMappingNode)Seq(service, "spec", "ports")[0], "targetPort"));
        Assert.Equal(Value(pod, "metadata", "labels", "app"), Value(service, "spec", "selector", "app"));
    }

    /// <summary>
    /// /metrics answers only the operator key: every port serving it is scraped with that key, and a silo has the key
    /// (without it, its metrics port listens on the pod's loopback only).
    /// </summary>
    [Theory]
    [InlineData("jp-silo", "jointpunishment/silo", "silo.Dockerfile", "metrics")]
    [InlineData("jp-gateway", "jointpunishment/gateway", "gateway.Dockerfile", "http")]
    public void Prometheus_ScrapesEachMetricsPort_WithTheOperatorKeyThePodHas(string deployment, string image, string dockerfile, string portName)
    {
        var scrape = new YamlStream();
        scrape.Load(new StringReader(Value(Object("ConfigMap", "jp-prometheus-scrape"), "data", "scrape-configs.yaml")));
        var jobs = ((YamlSequenceNode)scrape.Documents[0].RootNode).Cast<YamlMappingNode>();
        var labels = Map(Object("Deployment", deployment), "spec", "template", "metadata", "labels");

        var job = Assert.Single(jobs, j => Seq(j, "relabel_configs").Cast<YamlMappingNode>().Any(r =>
            Seq(r, "source_labels")[0].ToString() == "__meta_kubernetes_pod_label_app" && Value(r, "regex") == Value(labels, "app") && Value(r, "action") == "keep"));

        Assert.Equal("/metrics", Value(job, "metrics_path"));
        Assert.Contains(Seq(job, "relabel_configs").Cast<YamlMappingNode>(), r =>
            Seq(r, "source_labels")[0].ToString() == "__meta_kubernetes_pod_container_port_name" && Value(r, "regex") == portName && Value(r, "action") == "keep");
        Assert.Equal("Bearer", Value(job, "authorization", "type"));
        Assert.Equal("JP_OPERATOR_KEY", Path.GetFileName(Value(job, "authorization", "credentials_file")));
        Assert.Equal(_forms.Secret("jp-secrets")["JP_OPERATOR_KEY"], _forms.Kubernetes(deployment, image, dockerfile)["JP_OPERATOR_KEY"]);
        Assert.NotNull(Port(Container(Map(Object("Deployment", deployment), "spec", "template"), image), portName));
    }

    /// <summary>
    /// The schema owner's connection (<c>JP_POSTGRES_ADMIN</c>) reaches the migrate step only: the silo pod's migrate init
    /// container and <c>jointpunishment-migrate.service</c>. No container or unit that runs for days receives it, by
    /// <c>env</c>, <c>envFrom</c>, a mounted secret or an env file.
    /// </summary>
    [Fact]
    public void Migrations_RunAsTheSchemaOwner_InAStepOfTheirOwn_WhoseSecretNoSiloOrGatewayReceives()
    {
        var pod = Map(Object("Deployment", "jp-silo"), "spec", "template");
        var migrate = Assert.Single(Seq(pod, "spec", "initContainers").Cast<YamlMappingNode>());
        Assert.Equal(Value(Container(pod, "jointpunishment/silo"), "image"), Value(migrate, "image"));
        Assert.Equal("migrate", Assert.Single(Seq(migrate, "args")).ToString());
        var migrateEnvironment = _forms.Kubernetes("jp-silo", migrate);
        Assert.Equal(_forms.Secret("jp-secrets")["JP_POSTGRES"], migrateEnvironment["JP_POSTGRES"]);
        var admin = migrateEnvironment["JP_POSTGRES_ADMIN"];
        Assert.NotEqual(migrateEnvironment["JP_POSTGRES"], admin);

        var deployments = KubernetesObjects.Where(d => Value(d, "kind") == "Deployment").ToList();
        Assert.Contains(deployments, d => Value(d, "metadata", "name") == "jp-gateway");
        foreach (var deployment in deployments)
        {
            var name = Value(deployment, "metadata", "name");
            var template = Map(deployment, "spec", "template");
            foreach (var container in Seq(template, "spec", "containers").Cast<YamlMappingNode>())
            {
                var environment = _forms.Kubernetes(name, container);
                Assert.False(environment.ContainsKey("JP_POSTGRES_ADMIN"), $"{name}/{Value(container, "name")} gets JP_POSTGRES_ADMIN");
                Assert.DoesNotContain(admin, environment.Values);
            }

            var volumes = Map(template, "spec").Children.ContainsKey("volumes") ? Seq(template, "spec", "volumes").Cast<YamlMappingNode>() : [];
            Assert.All(volumes.Where(v => v.Children.ContainsKey("secret")), v => Assert.False(
                _forms.Secret(Value(v, "secret", "secretName")).ContainsKey("JP_POSTGRES_ADMIN"), $"{name} mounts the secret holding JP_POSTGRES_ADMIN"));
        }

        // systemd: the oneshot migrate unit, run before the silo, is the only unit whose env files hold the owner's connection.
        var systemd = ClusterHarness.RepositoryPath("deploy", "systemd");
        var units = Directory.GetFiles(systemd, "*.service").Select(Path.GetFileName).ToList();
        Assert.Contains("jointpunishment-migrate.service", units);
        foreach (var unit in units)
        {
            var lines = File.ReadAllLines(Path.Combine(systemd, unit!));
            var environment = _forms.FillSystemd(SystemdExamples(unit!));
            if (unit == "jointpunishment-migrate.service")
            {
                Assert.Contains("Type=oneshot", lines);
                Assert.Contains("ExecStart=/usr/bin/dotnet /opt/jointpunishment/silo/JointPunishment.Silo.dll migrate", lines);
                Assert.Contains("JP_POSTGRES_ADMIN", environment.Keys);
                Assert.Contains("JP_POSTGRES", environment.Keys);
            }
            else
            {
                Assert.False(environment.ContainsKey("JP_POSTGRES_ADMIN"), $"{unit} reads an env file with JP_POSTGRES_ADMIN");
            }
        }

        Assert.Contains("jointpunishment-migrate.service", File.ReadAllText(Path.Combine(systemd, "jointpunishment-silo.service")), StringComparison.Ordinal);
        // Docker runs the images with the same env files (--env-file): none but migrate.env may hold it either.
        Assert.All(Directory.GetFiles(systemd, "*.env.example").Where(f => !f.EndsWith("/migrate.env.example", StringComparison.Ordinal)),
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

    /// <summary>
    /// <c>COPY . .</c> sends the build context the repository's <c>.dockerignore</c> leaves: every source file of the
    /// projects the images publish (and the build files above them), and nothing of run.sh's data directory (secrets,
    /// certificates, PostgreSQL files), build output or the rest of the tree.
    /// </summary>
    [Fact]
    public void DockerIgnore_SendsWhatThePublishNeeds_AndNoDataDirectoryOrBuildOutput()
    {
        var ignore = DockerIgnore.Read(ClusterHarness.RepositoryPath(".dockerignore"));

        var needed = new HashSet<string>(StringComparer.Ordinal) { "Directory.Build.props", "Directory.Packages.props", "global.json" };
        foreach (var project in ProjectClosure("src/Silo/Silo.csproj", "src/Gateway/Gateway.csproj"))
        {
            var directory = ClusterHarness.RepositoryPath(Path.GetDirectoryName(project)!);
            needed.UnionWith(Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories)
                .Select(f => Path.GetRelativePath(ClusterHarness.RepositoryPath(), f).Replace('\\', '/'))
                .Where(f => !f.Split('/').Any(part => part is "bin" or "obj")));
        }

        Assert.Contains("src/Silo/Program.cs", needed);
        Assert.All(needed, file => Assert.False(ignore.Excludes(file), $"{file} is needed by dotnet publish but left out of the build context"));
        Assert.All(
            [".data/secrets/storage-key", ".data/secrets/cluster.key", ".data/pg/data/base/1/1259", ".bench-data/pg/x", ".soak-data/x", ".git/config",
             "src/Silo/bin/Release/net10.0/JointPunishment.Silo.dll", "src/Gateway/obj/project.assets.json", "tests/Integration.Tests/bin/Debug/x.dll", "README.md"],
            file => Assert.True(ignore.Excludes(file), $"{file} would be sent to the image build"));
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
        Assert.All(SystemdEnvironmentFiles(unit), path => Assert.True(
            File.Exists(ClusterHarness.RepositoryPath("deploy", "systemd", Path.GetFileName(path) + ".example")),
            $"{path} has no example beside the unit"));
    }

    /// <summary>The projects (repository-relative paths) the given ones reference, directly or not, themselves included.</summary>
    private static HashSet<string> ProjectClosure(params string[] projects)
    {
        var closure = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<string>(projects);
        while (pending.TryPop(out var project))
        {
            if (!closure.Add(project))
            {
                continue;
            }

            foreach (var reference in XDocument.Load(ClusterHarness.RepositoryPath(project)).Descendants("ProjectReference"))
            {
                var path = Path.GetFullPath(Path.Combine(ClusterHarness.RepositoryPath(Path.GetDirectoryName(project)!), reference.Attribute("Include")!.Value.Replace('\\', '/')));
                pending.Push(Path.GetRelativePath(ClusterHarness.RepositoryPath(), path).Replace('\\', '/'));
            }
        }

        return closure;
    }

    private static string Port(YamlMappingNode container, string name) =>
        Value(Assert.Single(Seq(container, "ports").Cast<YamlMappingNode>(), p => Value(p, "name") == name), "containerPort");

    private static string Setting(string key) => key.Replace(":", "__", StringComparison.Ordinal);

    /// <summary>
    /// Docker's <c>.dockerignore</c> rules: patterns in order, the last that matches a path or one of its parent
    /// directories decides, <c>!</c> re-includes, <c>*</c> and <c>?</c> stay within one path element, <c>**</c> spans any.
    /// </summary>
    private sealed class DockerIgnore(IReadOnlyList<(Regex Pattern, bool Exclude)> rules)
    {
        public static DockerIgnore Read(string path) => new([.. File.ReadAllLines(path)
            .Select(l => l.Trim())
            .Where(l => l.Length > 0 && !l.StartsWith('#'))
            .Select(l => (Pattern: l.TrimStart('!').Trim('/'), Exclude: !l.StartsWith('!')))
            .Select(r => (new Regex("^" + Regex.Escape(r.Pattern).Replace(@"\*\*/", "(.*/)?", StringComparison.Ordinal).Replace(@"\*\*", ".*", StringComparison.Ordinal)
                .Replace(@"\*", "[^/]*", StringComparison.Ordinal).Replace(@"\?", "[^/]", StringComparison.Ordinal) + "$", RegexOptions.CultureInvariant), r.Exclude))]);

        public bool Excludes(string file)
        {
            var parts = file.Split('/');
            var candidates = Enumerable.Range(1, parts.Length).Select(n => string.Join('/', parts[..n])).ToList();
            var excluded = false;
            foreach (var (pattern, exclude) in rules)
            {
                if (candidates.Any(pattern.IsMatch))
                {
                    excluded = exclude;
                }
            }

            return excluded;
        }
    }
}
