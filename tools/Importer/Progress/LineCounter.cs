namespace JointPunishment.Importer.Progress;

/// <summary>The quick first pass that gives the progress display its total.</summary>
public static class LineCounter
{
    /// <summary>Above this size a first pass costs too much; progress is shown in bytes instead.</summary>
    public const long MaxCountedBytes = 200L * 1024 * 1024;

    /// <summary>The number of lines (a last line without a line break counts), or null when the file is too large to count first.</summary>
    public static long? CountLines(string path, CancellationToken cancellationToken = default)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1, FileOptions.SequentialScan);
        if (stream.Length >= MaxCountedBytes)
        {
            return null;
        }

        var buffer = new byte[1024 * 1024];
        long lines = 0;
        var last = (byte)'\n';
        int read;
        while ((read = stream.Read(buffer)) > 0)
        {
            cancellationToken.ThrowIfCancellationRequested();
            lines += buffer.AsSpan(0, read).Count((byte)'\n');
            last = buffer[read - 1];
        }

        return last == '\n' ? lines : lines + 1;
    }
}
