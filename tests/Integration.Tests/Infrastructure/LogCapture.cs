using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace JointPunishment.Integration.Tests.Infrastructure;

/// <summary>
/// Keeps the log lines (message, then exception) written by the processes of a test: every line from
/// <paramref name="minimum"/> up, or only the last <paramref name="capacity"/> of them when a capacity is given
/// (what a failing start prints to say why).
/// </summary>
public sealed class LogCapture(LogLevel minimum = LogLevel.Trace, int? capacity = null) : ILoggerProvider
{
    private readonly ConcurrentQueue<string> _lines = new();

    public IReadOnlyCollection<string> Lines => _lines;

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, this);

    private LogLevel Minimum => minimum;

    public void Dispose()
    {
    }

    private void Add(string line)
    {
        _lines.Enqueue(line);
        while (capacity is { } most && _lines.Count > most && _lines.TryDequeue(out _))
        {
        }
    }

    private sealed class Logger(string category, LogCapture capture) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= capture.Minimum;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                capture.Add($"{DateTime.UtcNow:HH:mm:ss.fff} {logLevel} {category}: {formatter(state, exception)} {exception}");
            }
        }
    }
}
