using System.Diagnostics;
using JointPunishment.Integration.Tests.Infrastructure;

namespace JointPunishment.Integration.Tests.Operations;

/// <summary><c>./run.sh</c> refuses a setting it cannot use before it builds or starts anything.</summary>
public sealed class RunScriptSettingsTests
{
    [Theory]
    [InlineData("JP_SILOS", "two")]
    [InlineData("JP_SILOS", "0")]
    [InlineData("JP_SILOS", "-1")]
    [InlineData("JP_PG_POOL", "x")]
    [InlineData("JP_PG_POOL", "0")]
    [InlineData("JP_PG_POOL", "3.5")]
    public async Task NotAWholeNumberOfAtLeastOne_ExitsWith2_NamingTheSetting_AndStartsNothing(string setting, string value)
    {
        var dataDir = Directory.CreateTempSubdirectory("jp-run-settings-");
        try
        {
            var start = new ProcessStartInfo("bash")
            {
                ArgumentList = { ClusterHarness.RepositoryPath("run.sh") },
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                Environment = { ["JP_DATA_DIR"] = dataDir.FullName, [setting] = value },
            };
            using var process = Process.Start(start)!;
            var stderr = process.StandardError.ReadToEndAsync();
            var stdout = process.StandardOutput.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            try
            {
                await process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                // A script that went on to build and start the system: stop all of it before failing.
                process.Kill(entireProcessTree: true);
                Assert.Fail($"./run.sh with {setting}={value} was still running after 30 s");
            }

            Assert.Equal(2, process.ExitCode);
            Assert.Contains($"{setting} must be a whole number of at least 1, not '{value}'", await stderr, StringComparison.Ordinal);
            Assert.Empty(await stdout);
            Assert.Empty(dataDir.GetFileSystemInfos());
        }
        finally
        {
            dataDir.Delete(recursive: true);
        }
    }
}
