using System.Text;
using JointPunishment.Importer.Http;
using JointPunishment.Importer.Input;
using JointPunishment.Importer.Progress;

namespace JointPunishment.Importer;

/// <summary>One import run, as the command line describes it.</summary>
public sealed record ImportOptions(Uri Gateway, string Key, string File, InputFormat Format)
{
    public int BatchSize { get; init; } = Batcher.MaxBatchSize;

    public int Parallel { get; init; } = 4;

    /// <summary>Where the resume position is kept; <c>FILE.import-state</c> when null.</summary>
    public string? StatePath { get; init; }

    /// <summary>Ignore (and overwrite) a state file left by an earlier run.</summary>
    public bool Restart { get; init; }

    public ProgressMode Progress { get; init; } = ProgressMode.None;

    /// <summary>The file's character encoding (<c>--encoding</c>, <see cref="InputEncoding"/>).</summary>
    public Encoding Encoding { get; init; } = Encoding.UTF8;

    /// <summary><c>--dry-run</c>: check every record and report each problem; send nothing, write no state file.</summary>
    public bool DryRun { get; init; }

    public RetryPolicy Retry { get; init; } = RetryPolicy.Default;

    /// <summary>How long one request may take before it counts as failed and is retried.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(100);

    /// <summary>CSV for a <c>.csv</c> file, JSON lines for anything else.</summary>
    public static InputFormat FormatFor(string path) =>
        string.Equals(Path.GetExtension(path), ".csv", StringComparison.OrdinalIgnoreCase) ? InputFormat.Csv : InputFormat.JsonLines;
}
