using System.Runtime.InteropServices;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace JointPunishment.Silo.Extensions;

/// <summary>
/// SIGTERM, SIGINT and SIGQUIT stop the silo gracefully even while it is still starting. The default console
/// lifetime stops the host at once, which cancels a start in progress: the silo, already active in the cluster and
/// hosting activations, then shuts down non-gracefully and the process ends with an unhandled exception. Here a
/// signal that arrives during start waits for the start to complete, then stops (activations are handed over, the
/// silo leaves the membership table as dead, the exit code is 0).
/// </summary>
public sealed partial class GracefulSignalLifetime(IHostApplicationLifetime lifetime, ILogger<GracefulSignalLifetime> logger) : IHostLifetime, IDisposable
{
    private readonly TaskCompletionSource _started = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly List<PosixSignalRegistration> _registrations = [];

    public Task WaitForStartAsync(CancellationToken cancellationToken)
    {
        lifetime.ApplicationStarted.Register(() =>
        {
            _started.TrySetResult();
            LogStarted();
        });
        foreach (var signal in new[] { PosixSignal.SIGTERM, PosixSignal.SIGINT, PosixSignal.SIGQUIT })
        {
            _registrations.Add(PosixSignalRegistration.Create(signal, OnSignal));
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public void Dispose()
    {
        foreach (var registration in _registrations)
        {
            registration.Dispose();
        }
    }

    private void OnSignal(PosixSignalContext context)
    {
        context.Cancel = true;
        if (!_started.Task.IsCompleted)
        {
            LogStopDeferred(context.Signal);
        }

        _ = _started.Task.ContinueWith(_ => lifetime.StopApplication(), TaskScheduler.Default);
    }

    [LoggerMessage(EventId = SiloEventIds.Started, Level = LogLevel.Information, Message = "The silo has started; SIGTERM makes it leave the cluster gracefully")]
    private partial void LogStarted();

    [LoggerMessage(EventId = SiloEventIds.SignalWhileStarting, Level = LogLevel.Information, Message = "{Signal} received while the silo is starting; it stops gracefully once started")]
    private partial void LogStopDeferred(PosixSignal signal);
}
