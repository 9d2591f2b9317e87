using System.Diagnostics;
using System.Globalization;
using Spectre.Console;

namespace JointPunishment.Importer.Progress;

/// <summary>
/// Progress on stderr: on a terminal a Spectre.Console progress bar redrawn in place that fits the console's width
/// (messages are written above it), a line every 5 s otherwise, nothing when quiet. Lines done is the resume
/// position (every record up to it answered), so it never runs ahead of the truth.
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
    private readonly IAnsiConsole? _console;
    private Task _loop = Task.CompletedTask;

    /// <summary>Progress of a run; for <see cref="ProgressMode.Bar"/> drawn on <c>console</c> (default: a console on <c>error</c>).</summary>
    public ProgressReporter(TextWriter error, ProgressMode mode, Func<ImportTallySnapshot> snapshot, long? totalLines, long totalBytes, IAnsiConsole? console = null)
    {
        (_error, _mode, _snapshot, _totalLines, _totalBytes) = (error, mode, snapshot, totalLines, totalBytes);
        if (mode == ProgressMode.Bar)
        {
            _console = console ?? AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(error) });
        }
    }

    public void Start()
    {
        _loop = _mode switch
        {
            ProgressMode.Bar => BarAsync(_console!, _stop.Token),
            ProgressMode.Lines => LoopAsync(LineInterval, _stop.Token),
            _ => Task.CompletedTask,
        };
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
            if (_console is not null)
            {
                // Written through the console, the message goes above the live bar instead of into it.
                _console.WriteLine(message);
            }
            else
            {
                _error.WriteLine(message);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        if (_mode == ProgressMode.Lines)
        {
            Render();
        }

        _stop.Dispose();
    }

    /// <summary>The counts beside the bar, e.g. <c>500/1,000 lines  812 ev/s  applied 480  duplicate 12  rejected 8  invalid 0</c>.</summary>
    public static string Counts(ImportTallySnapshot s, long? totalLines, long totalBytes, TimeSpan elapsed)
    {
        var inv = CultureInfo.InvariantCulture;
        var unit = totalLines is { } lines
            ? string.Create(inv, $"{s.DoneLine:N0}/{lines:N0} lines")
            : string.Create(inv, $"{s.DoneByte / 1e6:N1}/{totalBytes / 1e6:N1} MB");
        var rate = elapsed.TotalSeconds > 0 ? s.Sent / elapsed.TotalSeconds : 0;
        return string.Create(inv, $"{unit}  {rate:N0} ev/s  applied {s.Applied:N0}  duplicate {s.Duplicate:N0}  rejected {s.Rejected:N0}  invalid {s.Invalid:N0}");
    }

    /// <summary>The progress text, e.g. <c>[#####·····]  50%  500/1,000 lines  812 ev/s  applied 480  duplicate 12  rejected 8  invalid 0</c>.</summary>
    public static string Format(ImportTallySnapshot s, long? totalLines, long totalBytes, TimeSpan elapsed)
    {
        var (done, total) = Position(s, totalLines, totalBytes);
        var fraction = total > 0 ? Math.Clamp((double)done / total, 0, 1) : 1;
        var filled = (int)(fraction * 20);
        return string.Create(CultureInfo.InvariantCulture,
            $"[{new string('#', filled)}{new string('·', 20 - filled)}] {fraction * 100,3:0}%  {Counts(s, totalLines, totalBytes, elapsed)}");
    }

    private static (long Done, long Total) Position(ImportTallySnapshot s, long? totalLines, long totalBytes) =>
        totalLines is { } lines ? (s.DoneLine, lines) : (s.DoneByte, totalBytes);

    private async Task BarAsync(IAnsiConsole console, CancellationToken cancellationToken)
    {
        // The bar takes a quarter of the width; the counts get the rest, as many of them as fit in one line.
        var bar = new ProgressBarColumn { Width = Math.Clamp(console.Profile.Width / 4, 5, 30) };
        string Describe(ImportTallySnapshot s)
        {
            var room = console.Profile.Width - bar.Width!.Value - 8;
            return Markup.Escape(Descriptions(s).FirstOrDefault(d => d.Length <= room) ?? Descriptions(s)[^1]);
        }

        await console.Progress()
            .AutoClear(false)
            .Columns(bar, new PercentageColumn(), new TaskDescriptionColumn { Alignment = Justify.Left })
            .StartAsync(async context =>
            {
                var first = _snapshot();
                var task = context.AddTask(Describe(first), maxValue: Math.Max(1, Position(first, _totalLines, _totalBytes).Total));
                void Update()
                {
                    var snapshot = _snapshot();
                    task.Value = Math.Min(task.MaxValue, Position(snapshot, _totalLines, _totalBytes).Done);
                    task.Description = Describe(snapshot);
                }

                using var timer = new PeriodicTimer(BarInterval);
                try
                {
                    while (await timer.WaitForNextTickAsync(cancellationToken))
                    {
                        Update();
                    }
                }
                catch (OperationCanceledException)
                {
                    // Stopped by DisposeAsync: show the final state.
                }

                Update();
                context.Refresh();
            });
    }

    /// <summary>The counts beside the bar, longest first: the first that fits the console is shown.</summary>
    private string[] Descriptions(ImportTallySnapshot s)
    {
        var inv = CultureInfo.InvariantCulture;
        return
        [
            Counts(s, _totalLines, _totalBytes, _clock.Elapsed),
            string.Create(inv, $"applied {s.Applied:N0}  duplicate {s.Duplicate:N0}  rejected {s.Rejected:N0}  invalid {s.Invalid:N0}"),
            string.Create(inv, $"applied {s.Applied:N0}  rejected {s.Rejected:N0}"),
            string.Create(inv, $"applied {s.Applied:N0}"),
        ];
    }

    private async Task LoopAsync(TimeSpan interval, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(interval);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                Render();
            }
        }
        catch (OperationCanceledException)
        {
            // Stopped by DisposeAsync, which writes the final state.
        }
    }

    private void Render()
    {
        var text = Format(_snapshot(), _totalLines, _totalBytes, _clock.Elapsed);
        lock (_lock)
        {
            _error.WriteLine(text);
        }
    }
}
