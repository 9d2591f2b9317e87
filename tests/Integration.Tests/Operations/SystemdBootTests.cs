using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using JointPunishment.Integration.Tests.Infrastructure;

namespace JointPunishment.Integration.Tests.Operations;

/// <summary>
/// The systemd env examples, filled in as an operator would, boot a real silo and a real gateway on this machine: the
/// built hosts run as the units run them, with exactly the variables of their env files (and PATH and HOME) and the
/// production environment, against a real PostgreSQL. As systemd would, the migrate unit runs first with the schema
/// owner's connection (<c>migrate.env</c>); the silo and the gateway then connect as the application role <c>jp_app</c>
/// only, so a silo started on a schema nobody migrated would refuse. Only what belongs to this machine is changed:
/// the database, the addresses and the ports.
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
        var database = new Npgsql.NpgsqlConnectionStringBuilder(await postgres.CreateDatabaseAsync()).Database!;
        var connections = new Connections(postgres.AppConnectionString(database), postgres.ConnectionString(database));
        var migrateEnvironment = ThisMachine(_forms.FillSystemd(DeploymentForms.SystemdExamples("jointpunishment-migrate.service")), connections);
        var siloEnvironment = ThisMachine(_forms.FillSystemd(DeploymentForms.SystemdExamples("jointpunishment-silo.service")), connections);
        var gatewayEnvironment = ThisMachine(_forms.FillSystemd(DeploymentForms.SystemdExamples("jointpunishment-gateway.service")), connections);
        Assert.Equal(connections.Owner, migrateEnvironment["JP_POSTGRES_ADMIN"]);
        Assert.All((Dictionary<string, string>[])[siloEnvironment, gatewayEnvironment], e => Assert.Equal(connections.App, e["JP_POSTGRES"]));

        // jointpunishment-migrate.service (Type=oneshot): migrates and exits before the silo unit starts.
        var migrate = Start("migrate", "Silo", migrateEnvironment, "migrate");
        await ExitAsync(migrate, TimeSpan.FromSeconds(120), expectedCode: 0);
        _hosts.RemoveAll(h => h.Process == migrate);
        migrate.Dispose();

        var silo = Start("silo", "Silo", siloEnvironment);
        var gateway = Start("gateway", "Gateway", gatewayEnvironment);
        await AssertHealthyAsync(new Uri(gatewayEnvironment["JP_GATEWAY_URL"]));

        // The gateway image's own setting (ASPNETCORE_HTTP_PORTS) decides where a gateway without JP_GATEWAY_URL listens.
        var imageEnvironment = DeploymentForms.DockerImageEnvironment("gateway.Dockerfile");
        var port = FreePorts.Next().ToString(CultureInfo.InvariantCulture);
        Assert.True(imageEnvironment.ContainsKey("ASPNETCORE_HTTP_PORTS"));
        imageEnvironment["ASPNETCORE_HTTP_PORTS"] = port;
        foreach (var (name, value) in ThisMachine(_forms.FillSystemd(DeploymentForms.ReadEnvFile(ClusterHarness.RepositoryPath("deploy", "systemd", "jointpunishment.env.example"))), connections))
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
    private static Dictionary<string, string> ThisMachine(Dictionary<string, string> environment, Connections connections)
    {
        foreach (var name in environment.Keys.ToList())
        {
            environment[name] = name switch
            {
                "JP_POSTGRES" => connections.App,
                "JP_POSTGRES_ADMIN" => connections.Owner,
                "Silo__Endpoints__AdvertisedAddress" => "127.0.0.1",
                "JP_GATEWAY_URL" => $"http://127.0.0.1:{FreePorts.Next()}",
                _ when name.EndsWith("Port", StringComparison.Ordinal) => FreePorts.Next().ToString(CultureInfo.InvariantCulture),
                _ => environment[name],
            };
        }

        return environment;
    }

    /// <summary>The built host run as its unit runs it: <c>dotnet</c> on its DLL in its directory, with only these variables.</summary>
    private Process Start(string name, string project, IReadOnlyDictionary<string, string> environment, params string[] arguments)
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

        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
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

        await ExitAsync(process, timeout, expectedCode: null);
    }

    /// <summary>Waits for the host to exit (with <paramref name="expectedCode"/>, when given).</summary>
    private async Task ExitAsync(Process process, TimeSpan timeout, int? expectedCode)
    {
        var host = _hosts.Single(h => h.Process == process);
        using var wait = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(wait.Token);
        }
        catch (OperationCanceledException)
        {
            Assert.Fail($"the {host.Name} was still running after {timeout.TotalSeconds} s:\n{Output(host.Output)}");
        }

        if (expectedCode is { } code)
        {
            process.WaitForExit();
            Assert.True(process.ExitCode == code, $"the {host.Name} exited with {process.ExitCode}:\n{Output(host.Output)}");
        }
    }

    /// <summary>This machine's database as the application role (<c>JP_POSTGRES</c>) and as the schema owner (<c>JP_POSTGRES_ADMIN</c>).</summary>
    private sealed record Connections(string App, string Owner);

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
