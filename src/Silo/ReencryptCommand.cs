using JointPunishment.Storage;
using JointPunishment.Storage.Encryption;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace JointPunishment.Silo;

/// <summary>
/// <c>JointPunishment.Silo reencrypt [--check] [--encrypt-unmarked]</c>: moves every grain state and stored secret to
/// the current storage key (<see cref="StorageReencryptor"/>), with the silo's own settings (<c>JP_POSTGRES</c>,
/// <c>JP_STORAGE_KEY</c>, <c>JP_STORAGE_OLD_KEYS</c>). <c>--check</c> rewrites nothing and exits 1 while anything is
/// still under another key. Exit codes: 0 everything is under the current key, 1 something is not (or failed), 2 usage.
/// </summary>
public static class ReencryptCommand
{
    public const string Name = "reencrypt";

    public static async Task<int> RunAsync(string[] args, TextWriter output)
    {
        var unknown = args.Where(a => a is not ("--check" or "--encrypt-unmarked")).ToArray();
        if (unknown.Length > 0)
        {
            await output.WriteLineAsync($"usage: {Name} [--check] [--encrypt-unmarked]   (unknown: {string.Join(' ', unknown)})");
            return 2;
        }

        var configuration = new ConfigurationBuilder()
            .SetBasePath(AppContext.BaseDirectory)
            .AddJsonFile("appsettings.json", optional: true)
            .AddEnvironmentVariables()
            .Build();
        var keys = StorageKeyRing.FromConfiguration(configuration);
        await using var services = new ServiceCollection()
            .AddLogging(l => l.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Information))
            .AddPostgres(configuration)
            .BuildServiceProvider();
        var reencryptor = new StorageReencryptor(
            services.GetRequiredService<NpgsqlDataSource>(), keys, services.GetRequiredService<ILoggerFactory>().CreateLogger(Name));
        var report = await reencryptor.RunAsync(encryptUnmarked: args.Contains("--encrypt-unmarked"), checkOnly: args.Contains("--check"));

        var oldIds = string.Join(", ", keys.OldIds.Select(id => id.ToString("x8", System.Globalization.CultureInfo.InvariantCulture)));
        await output.WriteLineAsync($"current storage key id: {keys.Current.IdText}; old key ids: {(oldIds.Length > 0 ? oldIds : "none")}");
        await output.WriteLineAsync($"rewritten: {report.GrainRowsRewritten} grain states ({report.LegacyRowsRewritten} from format 1, {report.UnmarkedRowsEncrypted} unencrypted), {report.SecretsRewritten} sealed values (webhook secrets, federation events, assistance subjects, watchlist members); changed by a silo meanwhile: {report.GrainRowsChangedMeanwhile}; failed: {report.Failures.Count}");
        await output.WriteLineAsync($"grain states by key: {(report.GrainRowsBySeal.Count == 0 ? "none" : string.Join(", ", report.GrainRowsBySeal.Select(p => $"{p.Key}{(p.Key == keys.Current.IdText ? " (current)" : "")} {p.Value}")))}; sealed values not under the current key: {report.SecretsNotCurrent}");
        var remaining = report.NotCurrent(keys.Current.IdText);
        if (remaining == 0 && report.Failures.Count == 0)
        {
            await output.WriteLineAsync("reencrypt: ok, everything is under the current key");
            return 0;
        }

        await output.WriteLineAsync(report.Failures.Count > 0
            ? $"reencrypt: {report.Failures.Count} failed (see above); {remaining} not under the current key"
            : $"reencrypt: {remaining} not under the current key{(report.GrainRowsChangedMeanwhile > 0 ? " (a silo still writing with another JP_STORAGE_KEY? restart every silo with the new key and run again)" : "")}");
        return 1;
    }
}
