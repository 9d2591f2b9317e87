using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Threading.Channels;

namespace JointPunishment.Bench;

/// <summary>
/// A TCP proxy that slows every round trip while a control file exists: each chunk the server sends back is held for a
/// random <c>minMs</c>–<c>maxMs</c> (uniform) before it goes on to the client, in order, so a query waits that long for
/// its answer; requests pass at once. Without the file it forwards at once. scripts/fault-postgres-slow.sh puts it between
/// the platform and PostgreSQL, because this kernel has no <c>netem</c> queueing discipline and no packaged tool
/// (Toxiproxy is not in Debian; socat cannot delay) does it.
/// <code>bench delay-proxy listen=PORT target=HOST:PORT control=FILE [minMs=1000] [maxMs=3000]</code>
/// </summary>
public sealed class DelayProxy : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly string _host;
    private readonly int _port;
    private readonly string _control;
    private readonly int _minMs;
    private readonly int _maxMs;
    private readonly Timer _poll;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;
    private bool _slow;

    /// <summary>Starts listening on 127.0.0.1:<paramref name="listen"/> (0: any free port, see <see cref="Port"/>).</summary>
    public DelayProxy(int listen, string target, string control, int minMs, int maxMs)
    {
        var parts = target.Split(':');
        (_host, _port) = (parts[0], int.Parse(parts[1], CultureInfo.InvariantCulture));
        (_control, _minMs, _maxMs) = (control, minMs, maxMs);
        _poll = new Timer(_ => Poll(), null, TimeSpan.Zero, TimeSpan.FromMilliseconds(100));
        _listener = new TcpListener(IPAddress.Loopback, listen);
        _listener.Start();
        _accepting = AcceptAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public static async Task<int> RunAsync(string[] args)
    {
        var o = new KeyValueArgs(args);
        await using var proxy = new DelayProxy(o.Int("listen", 0), o.Get("target"), o.Get("control"), o.Int("minMs", 1000), o.Int("maxMs", 3000));
        Log($"listening on 127.0.0.1:{proxy.Port}, forwarding to {o.Get("target")}");
        await Task.Delay(Timeout.Infinite);
        return 0;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _poll.DisposeAsync();
        await _accepting;
        _stop.Dispose();
    }

    private void Poll()
    {
        var now = File.Exists(_control);
        if (now != Volatile.Read(ref _slow))
        {
            Volatile.Write(ref _slow, now);
            Log(now ? $"slowing each answer by {_minMs}–{_maxMs} ms" : "forwarding at once again");
        }
    }

    private int DelayMs() => Volatile.Read(ref _slow) ? Random.Shared.Next(_minMs, _maxMs + 1) : 0;

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            _ = Task.Run(() => ServeAsync(client));
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using (client)
        using (var server = new TcpClient())
        {
            try
            {
                client.NoDelay = server.NoDelay = true;
                await server.ConnectAsync(_host, _port, _stop.Token);
                var up = client.GetStream().CopyToAsync(server.GetStream(), _stop.Token);
                var down = DelayedCopyAsync(server.GetStream(), client.GetStream());
                await Task.WhenAny(up, down);
            }
            catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException or OperationCanceledException)
            {
                // One side closed: both connections close with it.
            }
        }
    }

    /// <summary>Copies <paramref name="from"/> to <paramref name="to"/>, each chunk no earlier than its delay after it arrived nor before the chunk ahead of it.</summary>
    private async Task DelayedCopyAsync(Stream from, Stream to)
    {
        var chunks = Channel.CreateUnbounded<(long Due, byte[] Data)>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
        var sender = Task.Run(async () =>
        {
            await foreach (var (due, data) in chunks.Reader.ReadAllAsync())
            {
                var wait = TimeSpan.FromSeconds((double)(due - Stopwatch.GetTimestamp()) / Stopwatch.Frequency);
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait);
                }

                await to.WriteAsync(data);
            }
        });
        var buffer = new byte[64 * 1024];
        long lastDue = 0;
        try
        {
            int read;
            while ((read = await from.ReadAsync(buffer, _stop.Token)) > 0)
            {
                lastDue = Math.Max(lastDue, Stopwatch.GetTimestamp() + (DelayMs() * Stopwatch.Frequency / 1000));
                await chunks.Writer.WriteAsync((lastDue, buffer[..read]));
            }
        }
        finally
        {
            chunks.Writer.Complete();
        }

        await sender;
    }

    private static void Log(string message) => Console.Error.WriteLine($"[delay-proxy {DateTime.UtcNow:HH:mm:ss.fff}] {message}");
}
