using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using JointPunishment.Integration.Tests.Infrastructure;

namespace JointPunishment.Integration.Tests.Operations;

/// <summary>
/// The systemd env examples, filled in as an operator would, boot a real silo and a real gateway on this machine: the
/// built hosts run as the units run them, with exactly the variables of their env files (and PATH and HOME) and the
/// production environment, against a real PostgreSQL. Only what belongs to this machine is changed: the database,
/// the addresses and the ports.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class SystemdBootTests(PostgresServer postgres) : IDisposable
{
    private static readonly TimeSpan BootTimeout = TimeSpan.FromSeconds(120);

    private readonly DeploymentForms _forms = new();
    private readonly List<(string Name, Process Process, StringBuilder Output)> _hosts = [];

    [Fact]
    public async Task EnvExamples_FilledIn_BootASiloAndAGateway_ToHealth_AndStopOnSigterm()
    {
        var connectionString = await postgres.CreateDatabaseAsync();
        var siloEnvironment = ThisMachine(_forms.FillSystemd(DeploymentForms.SystemdExamples("jointpunishment-silo.service")), connectionString);
        var gatewayEnvironment = ThisMachine(_forms.FillSystemd(DeploymentForms.SystemdExamples("jointpunishment-gateway.service")), connectionString);

        var silo = Start("silo", "Silo", siloEnvironment);
        var gateway = Start("gateway", "Gateway", gatewayEnvironment);
        await AssertHealthyAsync(new Uri(gatewayEnvironment["JP_GATEWAY_URL"]));

        // The gateway image's own setting (ASPNETCORE_HTTP_PORTS) decides where a gateway without JP_GATEWAY_URL listens.
        var imageEnvironment = DeploymentForms.DockerImageEnvironment("gateway.Dockerfile");
        var port = FreePorts.Next().ToString(CultureInfo.InvariantCulture);
        Assert.True(imageEnvironment.ContainsKey("ASPNETCORE_HTTP_PORTS"));
        imageEnvironment["ASPNETCORE_HTTP_PORTS"] = port;
        foreach (var (name, value) in ThisMachine(_forms.FillSystemd(DeploymentForms.ReadEnvFile(ClusterHarness.RepositoryPath("deploy", "systemd", "jointpunishment.env.example"))), connectionString))
        {
            imageEnvironment[name] = value;
        }

        var imageGateway = Start("gateway from the image's settings", "Gateway", imageEnvironment);
        await AssertHealthyAsync(new Uri($"http://127.0.0.1:{port}"));

        // systemctl stop: SIGTERM, and the unit waits TimeoutStopSec before it kills.
        foreach (var host in (Process[])[imageGateway, gateway, silo])
        {
            await StopAsync(host, TimeSpan.FromSeconds(45));
        }
    }

    public void Dispose()
    {
        foreach (var (_, process, _) in _hosts)
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit();
            }

            process.Dispose();
        }

        _forms.Dispose();
    }

    /// <summary>What differs between the examples' hosts and this machine: the database, the addresses, free ports.</summary>
    private static Dictionary<string, string> ThisMachine(Dictionary<string, string> environment, string connectionString)
    {
        foreach (var name in environment.Keys.ToList())
        {
            environment[name] = name switch
            {
                _ when name.StartsWith("JP_POSTGRES", StringComparison.Ordinal) => connectionString,
                "Silo__Endpoints__AdvertisedAddress" => "127.0.0.1",
                "JP_GATEWAY_URL" => $"http://127.0.0.1:{FreePorts.Next()}",
                _ when name.EndsWith("Port", StringComparison.Ordinal) => FreePorts.Next().ToString(CultureInfo.InvariantCulture),
                _ => environment[name],
            };
        }

        return environment;
    }

    /// <summary>The built host run as its unit runs it: <c>dotnet</c> on its DLL in its directory, with only these variables.</summary>
    private Process Start(string name, string project, IReadOnlyDictionary<string, string> environment)
    {
        var directory = ClusterHarness.BuildOutput(project);
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { Path.Combine(directory, $"JointPunishment.{project}.dll") },
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment.Clear();
        foreach (var inherited in (string[])["PATH", "HOME", "DOTNET_ROOT"])
        {
            if (Environment.GetEnvironmentVariable(inherited) is { } value)
            {
                start.Environment[inherited] = value;
            }
        }

        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        var process = Process.Start(start)!;
        var output = new StringBuilder();
        process.OutputDataReceived += (_, e) => Append(output, e.Data);
        process.ErrorDataReceived += (_, e) => Append(output, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _hosts.Add((name, process, output));
        return process;
    }

    private async Task AssertHealthyAsync(Uri gateway)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var deadline = Stopwatch.StartNew();
        var last = "";
        while (deadline.Elapsed < BootTimeout)
        {
            if (_hosts.FirstOrDefault(h => h.Process.HasExited) is { Process: not null } exited)
            {
                Assert.Fail($"the {exited.Name} exited with {exited.Process.ExitCode}:\n{Output(exited.Output)}");
            }

            try
            {
                using var response = await http.GetAsync(new Uri(gateway, "/health"));
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }

                last = $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}";
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                last = e.Message;
            }

            await Task.Delay(500);
        }

        Assert.Fail($"{gateway}health did not answer 200 within {BootTimeout.TotalSeconds} s (last: {last}):\n"
            + string.Join("\n", _hosts.Select(h => $"--- {h.Name}\n{Output(h.Output)}")));
    }

    private async Task StopAsync(Process process, TimeSpan timeout)
    {
        using (var kill = Process.Start("kill", ["-TERM", process.Id.ToString(CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }

        using var wait = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(wait.Token);
        }
        catch (OperationCanceledException)
        {
            var host = _hosts.Single(h => h.Process == process);
            Assert.Fail($"the {host.Name} was still running {timeout.TotalSeconds} s after SIGTERM:\n{Output(host.Output)}");
        }
    }

    private static void Append(StringBuilder output, string? line)
    {
        if (line is not null)
        {
            lock (output)
            {
                output.AppendLine(line);
            }
        }
    }

    private static string Output(StringBuilder output)
    {
        lock (output)
        {
            return output.Length > 20_000 ? output.ToString(output.Length - 20_000, 20_000) : output.ToString();
        }
    }
}
