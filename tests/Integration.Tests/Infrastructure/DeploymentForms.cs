using System.Globalization;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace JointPunishment.Integration.Tests.Infrastructure;

/// <summary>
/// The environment each form in <c>deploy/</c> gives a host, filled in as an operator would: every
/// <c>REPLACE_ME_WITH_N_RANDOM_CHARACTERS</c> becomes N random characters, and the files it names (the cluster
/// certificate, the agency CA) are made under <see cref="Root"/>, to which their absolute paths are moved. Nothing is added that
/// the form does not say: a setting a form lacks stays missing.
/// </summary>
public sealed partial class DeploymentForms : IDisposable
{
    /// <summary>Where the systemd examples put the files they name; mapped under <see cref="Root"/>.</summary>
    public const string SystemdFiles = "/etc/jointpunishment/";

    private readonly Dictionary<string, Dictionary<string, string>> _secrets = [];
    private readonly Dictionary<(string Name, string Placeholder), string> _systemdValues = [];
    private readonly Lazy<(string Certificate, string Key)> _certificate = new(() => Pem("jointpunishment-cluster"));

    /// <summary>The agency CA (<c>Tls__AgencyCaPath</c>): a CA of its own, never the cluster's (a silo refuses that).</summary>
    private readonly Lazy<(string Certificate, string Key)> _agencyAuthority = new(() => Pem("jointpunishment-agency-ca"));

    /// <summary>A throwaway folder that stands for the hosts' file system.</summary>
    public string Root { get; } = Directory.CreateTempSubdirectory("jp-deploy-").FullName;

    public static IReadOnlyList<YamlMappingNode> KubernetesObjects { get; } = [.. Directory.GetFiles(ClusterHarness.RepositoryPath("deploy", "k8s"), "*.yaml")
        .SelectMany(file =>
        {
            var yaml = new YamlStream();
            using var reader = File.OpenText(file);
            yaml.Load(reader);
            return yaml.Documents.Select(d => (YamlMappingNode)d.RootNode);
        })];

    /// <summary>A placeholder filled in; a placeholder of another kind fails the test, which must be taught it.</summary>
    public static string Fill(string name, string value)
    {
        var filled = RandomCharacters().Replace(value, m => RandomNumberGenerator.GetString(
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789", int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)));
        Assert.False(filled.Contains("REPLACE_ME", StringComparison.Ordinal), $"{name}: the deployment test does not know how to fill in '{value}'");
        return filled;
    }

    /// <summary>
    /// The variables of an env file (systemd <c>EnvironmentFile=</c>, <c>docker run --env-file</c>): <c>NAME=value</c>
    /// lines, <c>#</c> comments and blank lines ignored, nothing filled in.
    /// </summary>
    public static Dictionary<string, string> ReadEnvFile(string path) =>
        File.ReadAllLines(path)
            .Select(l => l.Trim())
            .Where(l => l.Length > 0 && !l.StartsWith('#'))
            .Select(l => l.Split('=', 2))
            .ToDictionary(p => p[0].Trim(), p => p.Length > 1 ? p[1].Trim() : "", StringComparer.Ordinal);

    /// <summary>The example env files a systemd unit reads (<c>EnvironmentFile=</c>, in order), one environment.</summary>
    public static Dictionary<string, string> SystemdExamples(string unit)
    {
        var environment = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var file in SystemdEnvironmentFiles(unit))
        {
            foreach (var (name, value) in ReadEnvFile(ClusterHarness.RepositoryPath("deploy", "systemd", Path.GetFileName(file) + ".example")))
            {
                environment[name] = value;
            }
        }

        return environment;
    }

    public static IReadOnlyList<string> SystemdEnvironmentFiles(string unit) =>
        [.. File.ReadAllLines(ClusterHarness.RepositoryPath("deploy", "systemd", unit))
            .Where(l => l.StartsWith("EnvironmentFile=", StringComparison.Ordinal))
            .Select(l => l["EnvironmentFile=".Length..].TrimStart('-'))];

    /// <summary>The <c>ENV</c> lines of a Dockerfile in <c>deploy/docker</c>: what the image itself sets.</summary>
    public static Dictionary<string, string> DockerImageEnvironment(string dockerfile) =>
        File.ReadAllLines(ClusterHarness.RepositoryPath("deploy", "docker", dockerfile))
            .Where(l => l.StartsWith("ENV ", StringComparison.Ordinal))
            .Select(l => l["ENV ".Length..].Trim().Split('=', 2))
            .ToDictionary(p => p[0], p => p[1], StringComparer.Ordinal);

    /// <summary>
    /// An environment from a systemd example or an env file filled in: placeholders replaced, and the files it names
    /// under <see cref="SystemdFiles"/> made under <see cref="Root"/> (the cluster certificate and its key, the agency CA).
    /// A setting is filled in once for all hosts, as the shared env file is.
    /// </summary>
    public Dictionary<string, string> FillSystemd(IReadOnlyDictionary<string, string> environment)
    {
        // One operator fills jointpunishment.env once and copies it to every host: the same setting gets the same value.
        var filled = environment.ToDictionary(
            e => e.Key, e => _systemdValues.TryGetValue((e.Key, e.Value), out var value) ? value : _systemdValues[(e.Key, e.Value)] = Fill(e.Key, e.Value), StringComparer.Ordinal);
        foreach (var (name, value) in filled)
        {
            if (value.StartsWith(SystemdFiles, StringComparison.Ordinal))
            {
                filled[name] = MakeFile(name, Path.Combine(Root, value.TrimStart('/')));
            }
        }

        return filled;
    }

    /// <summary>
    /// The environment a container of a Deployment in <c>deploy/k8s</c> starts with: the image's own (its Dockerfile's
    /// <c>ENV</c>), every key of each <c>envFrom</c> secret, and its <c>env</c> with secret and field references
    /// resolved; a secret volume's keys are files under <see cref="Root"/>, and paths into its mount are moved there.
    /// </summary>
    public Dictionary<string, string> Kubernetes(string deployment, string image, string dockerfile) =>
        Kubernetes(deployment, Container(Map(Object("Deployment", deployment), "spec", "template"), image), dockerfile);

    /// <summary>
    /// The environment of any container of a Deployment's pod, an init container too, resolved as in
    /// <see cref="Kubernetes(string, string, string)"/>; its image's Dockerfile is the one named after the image
    /// (<c>jointpunishment/silo</c>: <c>silo.Dockerfile</c>).
    /// </summary>
    public Dictionary<string, string> Kubernetes(string deployment, YamlMappingNode container) =>
        Kubernetes(deployment, container, Value(container, "image").Split('/')[^1].Split(':')[0] + ".Dockerfile");

    private Dictionary<string, string> Kubernetes(string deployment, YamlMappingNode container, string dockerfile)
    {
        var pod = Map(Object("Deployment", deployment), "spec", "template");
        var environment = DockerImageEnvironment(dockerfile);
        if (container.Children.ContainsKey("envFrom"))
        {
            foreach (var source in Seq(container, "envFrom").Cast<YamlMappingNode>())
            {
                foreach (var (key, value) in Secret(Value(source, "secretRef", "name")))
                {
                    environment[key] = value;
                }
            }
        }

        foreach (var variable in container.Children.ContainsKey("env") ? Seq(container, "env").Cast<YamlMappingNode>() : [])
        {
            var name = Value(variable, "name");
            environment[name] = variable.Children.ContainsKey("value") ? Value(variable, "value")
                : Map(variable, "valueFrom").Children.ContainsKey("secretKeyRef")
                    ? Secret(Value(variable, "valueFrom", "secretKeyRef", "name"))[Value(variable, "valueFrom", "secretKeyRef", "key")]
                    : FieldReference(pod, Value(variable, "valueFrom", "fieldRef", "fieldPath"));
        }

        var mounts = container.Children.ContainsKey("volumeMounts") ? Seq(container, "volumeMounts").Cast<YamlMappingNode>() : [];
        foreach (var mount in mounts)
        {
            var volume = Assert.Single(Seq(pod, "spec", "volumes").Cast<YamlMappingNode>(), v => Value(v, "name") == Value(mount, "name"));
            var secret = Secret(Value(volume, "secret", "secretName"));
            var directory = Path.Combine(Root, deployment, Value(mount, "name"));
            Directory.CreateDirectory(directory);
            foreach (var (key, value) in secret)
            {
                File.WriteAllText(Path.Combine(directory, key), value);
            }

            var mountPath = Value(mount, "mountPath").TrimEnd('/') + "/";
            foreach (var (name, value) in environment.ToList())
            {
                if (value.StartsWith(mountPath, StringComparison.Ordinal))
                {
                    environment[name] = Path.Combine(directory, value[mountPath.Length..]);
                }
            }
        }

        return environment;
    }

    /// <summary>A Secret's data as the pods see it: placeholders filled in, a <c>kubernetes.io/tls</c> one a real certificate and key.</summary>
    public Dictionary<string, string> Secret(string name)
    {
        if (!_secrets.TryGetValue(name, out var values))
        {
            var secret = Object("Secret", name);
            values = Value(secret, "type") == "kubernetes.io/tls"
                ? new() { ["tls.crt"] = _certificate.Value.Certificate, ["tls.key"] = _certificate.Value.Key }
                : Map(secret, "stringData").Children.ToDictionary(e => ((YamlScalarNode)e.Key).Value!, e => Fill(((YamlScalarNode)e.Key).Value!, ((YamlScalarNode)e.Value).Value ?? ""));
            _secrets[name] = values;
        }

        return values;
    }

    public void Dispose() => Directory.Delete(Root, recursive: true);

    public static YamlMappingNode Object(string kind, string name) =>
        Assert.Single(KubernetesObjects, d => Value(d, "kind") == kind && Value(d, "metadata", "name") == name);

    public static YamlMappingNode Container(YamlMappingNode pod, string image) =>
        Assert.Single(Seq(pod, "spec", "containers").Cast<YamlMappingNode>(), c => Value(c, "image").StartsWith(image + ":", StringComparison.Ordinal));

    public static YamlMappingNode Map(YamlMappingNode node, params string[] path) =>
        path.Aggregate(node, (current, key) => (YamlMappingNode)current[key]);

    public static YamlSequenceNode Seq(YamlMappingNode node, params string[] path) =>
        (YamlSequenceNode)Map(node, path[..^1])[path[^1]];

    public static string Value(YamlMappingNode node, params string[] path) =>
        ((YamlScalarNode)Map(node, path[..^1])[path[^1]]).Value ?? "";

    /// <summary>What a field reference gives a pod of this template (the pod's IP a private address).</summary>
    private static string FieldReference(YamlMappingNode pod, string fieldPath)
    {
        if (LabelReference().Match(fieldPath) is { Success: true } label)
        {
            return Value(pod, "metadata", "labels", label.Groups[1].Value);
        }

        return fieldPath switch
        {
            "metadata.name" => Value(pod, "metadata", "labels", "app") + "-0",
            "metadata.namespace" => "jointpunishment",
            "status.podIP" => "10.1.0.7",
            _ => throw new InvalidOperationException($"the deployment test does not know the field reference {fieldPath}"),
        };
    }

    /// <summary>The file an environment variable names, made with what it must hold.</summary>
    private string MakeFile(string name, string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var content = name switch
        {
            "Tls__CertificatePath" => _certificate.Value.Certificate,
            "Tls__KeyPath" => _certificate.Value.Key,
            "Tls__AgencyCaPath" => _agencyAuthority.Value.Certificate,
            _ => throw new InvalidOperationException($"the deployment test does not know what the file of {name} holds"),
        };
        File.WriteAllText(path, content);
        return path;
    }

    private static (string Certificate, string Key) Pem(string name)
    {
        using var certificate = TestCertificates.SelfSigned(name);
        using var key = certificate.GetRSAPrivateKey()!;
        return (certificate.ExportCertificatePem(), key.ExportPkcs8PrivateKeyPem());
    }

    [GeneratedRegex("REPLACE_ME_WITH_([0-9]+)_RANDOM_CHARACTERS")]
    private static partial Regex RandomCharacters();

    [GeneratedRegex(@"^metadata\.labels\['(.+)'\]$")]
    private static partial Regex LabelReference();
}
