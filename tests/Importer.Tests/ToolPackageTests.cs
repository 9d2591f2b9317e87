using System.Diagnostics;
using JointPunishment.Importer.Tests.Fakes;

namespace JointPunishment.Importer.Tests;

/// <summary>
/// <c>scripts/package-importer.sh</c> makes the .NET tool package court staff install: it installs with
/// <c>dotnet tool install</c> from the package alone, and the installed <c>jp-import</c> runs (its help, and a dry run
/// of a GB18030 file). The single-file executables the script also publishes are left to the script's own run.
/// </summary>
public sealed class ToolPackageTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task ToolPackage_Installs_AndJpImportRuns()
    {
        var packages = Path.Combine(_folder.Path, "packages");
        var pack = await RunAsync("bash", [RepositoryPath("scripts", "package-importer.sh"), packages, "none"]);
        Assert.True(pack.Exit == 0, pack.Output);
        var package = Assert.Single(Directory.GetFiles(Path.Combine(packages, "nupkg"), "JointPunishment.Importer.*.nupkg"));

        // Only the package's folder as a source: the tool must install from it alone.
        var config = _folder.Write("nuget.config", $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration><packageSources><clear /><add key="local" value="{Path.GetDirectoryName(package)}" /></packageSources></configuration>
            """);
        var tools = Path.Combine(_folder.Path, "tools");
        var install = await RunAsync("dotnet", ["tool", "install", "JointPunishment.Importer", "--tool-path", tools, "--configfile", config]);
        Assert.True(install.Exit == 0, install.Output);
        var jpImport = Path.Combine(tools, "jp-import");

        var help = await RunAsync(jpImport, ["--help"]);
        Assert.Equal(0, help.Exit);
        Assert.Contains("--encoding", help.Output, StringComparison.Ordinal);
        Assert.Contains("--dry-run", help.Output, StringComparison.Ordinal);

        var file = CourtFiles.WriteGb18030(_folder, "list.csv", CourtFiles.Csv([.. CourtFiles.GoodRows, "b1,listed,(2024)京0101执9号,resident_id,1.10105E+17,赵六,,2024-03-01,true,"]));
        var dryRun = await RunAsync(jpImport, ["--file", file, "--encoding", "gb18030", "--dry-run"]);
        Assert.Equal(3, dryRun.Exit);
        Assert.Contains("line 5: subject.idNumber:", dryRun.Output, StringComparison.Ordinal);
        Assert.Contains("\"valid\":3", dryRun.Output, StringComparison.Ordinal);
    }

    private static async Task<(int Exit, string Output)> RunAsync(string command, string[] arguments)
    {
        var start = new ProcessStartInfo(command) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(8));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        return (process.ExitCode, await output + await error);
    }

    private static string RepositoryPath(params string[] parts)
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "JointPunishment.sln")))
        {
            dir = dir.Parent;
        }

        return Path.Combine([dir?.FullName ?? throw new InvalidOperationException("JointPunishment.sln not found above the test binaries."), .. parts]);
    }
}
