using System.Diagnostics;
using System.Globalization;

namespace JointPunishment.Importer.Progress;

/// <summary>
/// Progress on stderr: a bar redrawn in place on a terminal, a line every 5 s otherwise, nothing when quiet.
/// Lines done is the resume position (every record up to it answered), so it never runs ahead of the truth.
/// </summary>
public sealed class ProgressReporter : IAsyncDisposable
{
    private static readonly TimeSpan BarInterval = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan LineInterval = TimeSpan.FromSeconds(5);

    private readonly TextWriter _error;
    private readonly ProgressMode _mode;
    private readonly Func<ImportTallySnapshot> _snapshot;
    private readonly long? _totalLines;
    private readonly long _totalBytes;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly Lock _lock = new();
    private readonly CancellationTokenSource _stop = new();
    private Task _loop = Task.CompletedTask;

    public ProgressReporter(TextWriter error, ProgressMode mode, Func<ImportTallySnapshot> snapshot, long? totalLines, long totalBytes)
    {
        (_error, _mode, _snapshot, _totalLines, _totalBytes) = (error, mode, snapshot, totalLines, totalBytes);
    }

    public void Start()
    {
        if (_mode != ProgressMode.None)
        {
            _loop = LoopAsync(_mode == ProgressMode.Bar ? BarInterval : LineInterval, _stop.Token);
        }
    }

    /// <summary>A message (a retry, a warning) that must not be overdrawn by the bar. Shown unless quiet.</summary>
    public void Notice(string message)
    {
        if (_mode == ProgressMode.None)
        {
            return;
        }

        lock (_lock)
        {
            _error.WriteLine(_mode == ProgressMode.Bar ? $"\r\u001b[K{message}" : message);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        if (_mode != ProgressMode.None)
        {
            Render(final: true);
        }

        _stop.Dispose();
    }

    /// <summary>The progress text, e.g. <c>[#####·····]  50%  500/1,000 lines  812 ev/s  applied 480  duplicate 12  rejected 8  invalid 0</c>.</summary>
    public static string Format(ImportTallySnapshot s, long? totalLines, long totalBytes, TimeSpan elapsed)
    {
        var inv = CultureInfo.InvariantCulture;
        var (done, total, unit) = totalLines is { } lines
            ? (s.DoneLine, lines, string.Create(inv, $"{s.DoneLine:N0}/{lines:N0} lines"))
            : (s.DoneByte, totalBytes, string.Create(inv, $"{s.DoneByte / 1e6:N1}/{totalBytes / 1e6:N1} MB"));
        var fraction = total > 0 ? Math.Clamp((double)done / total, 0, 1) : 1;
        var filled = (int)(fraction * 20);
        var rate = elapsed.TotalSeconds > 0 ? s.Sent / elapsed.TotalSeconds : 0;
        return string.Create(inv,
            $"[{new string('#', filled)}{new string('·', 20 - filled)}] {fraction * 100,3:0}%  {unit}  {rate:N0} ev/s  applied {s.Applied:N0}  duplicate {s.Duplicate:N0}  rejected {s.Rejected:N0}  invalid {s.Invalid:N0}");
    }

    private async Task LoopAsync(TimeSpan interval, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(interval);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                Render(final: false);
            }
        }
        catch (OperationCanceledException)
        {
            // Stopped by DisposeAsync, which draws the final state.
        }
    }

    private void Render(bool final)
    {
        var text = Format(_snapshot(), _totalLines, _totalBytes, _clock.Elapsed);
        lock (_lock)
        {
            if (_mode == ProgressMode.Bar)
            {
                _error.Write($"\r{text}\u001b[K{(final ? Environment.NewLine : "")}");
                _error.Flush();
            }
            else
            {
                _error.WriteLine(text);
            }
        }
    }
}
