using JointPunishment.Grains.Keys;
using JointPunishment.Silo.Rekeying;
using JointPunishment.Storage;
using JointPunishment.Storage.Encryption;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace JointPunishment.Silo;

/// <summary>
/// <c>JointPunishment.Silo rekey-subjects [--check] [--drop-unmapped]</c>: moves every subject from the key
/// <c>JP_SUBJECT_OLD_KEY</c> gave it to the key <c>JP_SUBJECT_KEY</c> gives it (<see cref="SubjectRekeyer"/>), with every
/// silo and gateway stopped, as the schema owner (<c>JP_POSTGRES_ADMIN</c>, else <c>JP_POSTGRES</c>, as <c>migrate</c>),
/// opening and sealing states with <c>JP_STORAGE_KEY</c> / <c>JP_STORAGE_OLD_KEYS</c>. <c>--check</c> changes nothing and
/// exits 1 while anything is under the old key. Exit codes: 0 nothing (left) under the old key, 1 refused, failed or
/// something left, 2 usage or settings.
/// </summary>
public static class RekeySubjectsCommand
{
    public const string Name = "rekey-subjects";
    public const string NewKeySetting = SubjectKeyOptions.Setting;
    public const string OldKeySetting = "JP_SUBJECT_OLD_KEY";
    private const int MaxFailuresShown = 20;

    public static async Task<int> RunAsync(string[] args, TextWriter output) => await RunAsync(args, Configuration(), output);

    /// <summary>The command with its settings given (tests run it on their own database).</summary>
    public static async Task<int> RunAsync(string[] args, IConfiguration configuration, TextWriter output)
    {
        var unknown = args.Where(a => a is not ("--check" or "--drop-unmapped")).ToArray();
        if (unknown.Length > 0)
        {
            await output.WriteLineAsync($"usage: {Name} [--check] [--drop-unmapped]   (unknown: {string.Join(' ', unknown)})");
            return 2;
        }

        var newSecret = configuration[NewKeySetting] ?? "";
        var oldSecret = configuration[OldKeySetting] ?? "";
        if (newSecret.Length < SubjectKeyOptions.MinLength || oldSecret.Length < SubjectKeyOptions.MinLength || newSecret == oldSecret)
        {
            await output.WriteLineAsync($"{Name}: set {OldKeySetting} to the subject key the system ran with and {NewKeySetting} to a new one, each of at least {SubjectKeyOptions.MinLength} characters, and different");
            return 2;
        }

        await using var services = new ServiceCollection()
            .AddLogging(l => l.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Information))
            .AddPostgres(configuration)
            .AddGrainStateSerializer()
            .BuildServiceProvider();
        var postgres = services.GetRequiredService<IOptions<PostgresOptions>>().Value;
        await using var dataSource = NpgsqlDataSource.Create(postgres.AdminConnectionString is { Length: > 0 } admin ? admin : postgres.ConnectionString);
        using var oldKeys = new SubjectKeys(Options.Create(new SubjectKeyOptions { Secret = oldSecret }));
        using var newKeys = new SubjectKeys(Options.Create(new SubjectKeyOptions { Secret = newSecret }));
        var storageKeys = StorageKeyRing.FromConfiguration(configuration);
        var rekeyer = new SubjectRekeyer(
            dataSource, oldKeys, newKeys, new GrainStateCipher(storageKeys), new SecretProtector(storageKeys, SecretProtector.AssistanceSubjectPurpose),
            new SecretProtector(storageKeys, SecretProtector.WatchMemberPurpose), services.GrainStateSerializer(), services.GetRequiredService<ILoggerFactory>().CreateLogger(Name));
        var checkOnly = args.Contains("--check");
        var report = await rekeyer.RunAsync(checkOnly, dropUnmapped: args.Contains("--drop-unmapped"));
        return await PrintAsync(report, checkOnly, output);
    }

    private static async Task<int> PrintAsync(RekeyReport report, bool checkOnly, TextWriter output)
    {
        if (report.ActiveSilos.Count > 0)
        {
            await output.WriteLineAsync($"{Name}: refused: {report.ActiveSilos.Count} silo(s) not dead in the membership table ({string.Join(", ", report.ActiveSilos)}). Stop every silo and gateway first (SIGTERM: a silo marks itself dead as it stops). A silo that was killed stays listed until another silo declares it dead: start one silo, wait a minute, stop it. Nothing was changed.");
            return 1;
        }

        await output.WriteLineAsync($"subject states: {report.UnderOldKey} under the old key{(checkOnly ? "" : " (moved to the new key)")}, {report.UnderNewKey} already under the new key, {report.Dropped} without an identity{(report.Dropped > 0 && !checkOnly ? " (deleted)" : "")}{(report.DroppedWatchMembers > 0 ? $"; watchlist members without an identity: {report.DroppedWatchMembers}{(checkOnly ? "" : " (deleted)")}" : "")}; pending officer updates remapped: {report.OutboxEntries}");
        await output.WriteLineAsync($"rows {(checkOnly ? "under the old key" : "rewritten")} per table: {string.Join(", ", report.Rows.Select(r => $"{r.Key} {r.Value}"))}");
        if (report.Failures.Count > 0)
        {
            foreach (var failure in report.Failures.Take(MaxFailuresShown))
            {
                await output.WriteLineAsync($"failed: {failure}");
            }

            await output.WriteLineAsync($"{Name}: {report.Failures.Count} failure(s){(report.Failures.Count > MaxFailuresShown ? $" ({MaxFailuresShown} shown)" : "")}; nothing was changed (one transaction, rolled back)");
            return 1;
        }

        if (checkOnly)
        {
            await output.WriteLineAsync(report.RemainingUnderOldKey == 0
                ? $"{Name} --check: nothing is under the old key"
                : $"{Name} --check: {report.RemainingUnderOldKey} state(s) and row(s) are under the old key; nothing was changed");
            return report.RemainingUnderOldKey == 0 ? 0 : 1;
        }

        await output.WriteLineAsync(report.RemainingUnderOldKey + report.Dropped + report.DroppedWatchMembers == 0
            ? $"{Name}: ok, nothing was under the old key; nothing changed"
            : $"{Name}: ok, committed in one transaction; nothing is left under the old key (a second run changes nothing). Start every silo and gateway with the new {NewKeySetting}.");
        return 0;
    }

    private static IConfiguration Configuration() => new ConfigurationBuilder()
        .SetBasePath(AppContext.BaseDirectory)
        .AddJsonFile("appsettings.json", optional: true)
        .AddEnvironmentVariables()
        .Build();
}
