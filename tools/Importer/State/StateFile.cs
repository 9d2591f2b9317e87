using System.Security.Cryptography;
using System.Text.Json;

namespace JointPunishment.Importer.State;

/// <summary>The resume position of one input file, kept beside it and replaced atomically.</summary>
public sealed class StateFile(string path)
{
    /// <summary>How much of the input the fingerprint covers: enough to tell files apart, cheap on any size.</summary>
    public const int FingerprintBytes = 64 * 1024;

    public string Path { get; } = path;

    public static string DefaultPathFor(string inputPath) => inputPath + ".import-state";

    public ImportState? Load()
    {
        if (!File.Exists(Path))
        {
            return null;
        }

        try
        {
            using var stream = File.OpenRead(Path);
            return JsonSerializer.Deserialize(stream, ImporterJsonContext.Default.ImportState)
                ?? throw new InvalidDataException($"state file {Path} is empty");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"state file {Path} is not readable ({e.Message}); delete it or pass --restart", e);
        }
    }

    /// <summary>Writes to a temporary file in the same folder, flushes it to disk, then renames it over the old one.</summary>
    public void Save(ImportState state)
    {
        var temp = $"{Path}.{Environment.ProcessId}.tmp";
        using (var stream = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            JsonSerializer.Serialize(stream, state, ImporterJsonContext.Default.ImportState);
            stream.Flush(flushToDisk: true);
        }

        File.Move(temp, Path, overwrite: true);
    }

    /// <summary>The SHA-256 of the first <paramref name="length"/> bytes of the file (fewer when it is shorter) and how many that was.</summary>
    public static (int Length, string Hash) Fingerprint(string inputPath, int length = FingerprintBytes)
    {
        using var stream = File.OpenRead(inputPath);
        var buffer = new byte[length];
        var read = stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
        return (read, Convert.ToHexStringLower(SHA256.HashData(buffer.AsSpan(0, read))));
    }

    /// <summary>Whether <paramref name="state"/> was recorded for this input (same bytes at its start).</summary>
    public static bool Matches(ImportState state, string inputPath) =>
        Fingerprint(inputPath, state.FingerprintLength) is var (length, hash)
        && length == state.FingerprintLength
        && string.Equals(hash, state.Fingerprint, StringComparison.Ordinal);
}
