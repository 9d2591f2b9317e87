using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using JointPunishment.Bench;

namespace JointPunishment.Bench.Tests;

/// <summary>The delay proxy of scripts/fault-postgres-slow.sh against a real echo server over loopback TCP.</summary>
public sealed class DelayProxyTests : IAsyncLifetime
{
    private readonly TcpListener _echo = new(IPAddress.Loopback, 0);
    private readonly string _control = Path.Combine(Path.GetTempPath(), $"jp-delay-proxy-{Guid.NewGuid():N}");
    private Task? _serving;

    public Task InitializeAsync()
    {
        _echo.Start();
        _serving = Task.Run(async () =>
        {
            while (true)
            {
                var client = await _echo.AcceptTcpClientAsync();
                _ = Task.Run(async () =>
                {
                    using (client)
                    {
                        await client.GetStream().CopyToAsync(client.GetStream());
                    }
                });
            }
        });
        return Task.CompletedTask;
    }

    public Task DisposeAsync()
    {
        _echo.Stop();
        File.Delete(_control);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task RoundTrip_WhileTheControlFileExists_IsHeldBetweenMinAndMax_AndFastAgainAfterwards()
    {
        await using var proxy = new DelayProxy(0, $"127.0.0.1:{((IPEndPoint)_echo.LocalEndpoint).Port}", _control, 800, 1200);
        using var client = new TcpClient { NoDelay = true };
        await client.ConnectAsync(IPAddress.Loopback, proxy.Port);
        var stream = client.GetStream();
        await RoundTripAsync(stream, 0);

        Assert.True(await RoundTripAsync(stream, 1) < TimeSpan.FromMilliseconds(500));

        await File.WriteAllTextAsync(_control, "");
        await Task.Delay(300);
        for (byte i = 2; i < 5; i++)
        {
            Assert.InRange(await RoundTripAsync(stream, i), TimeSpan.FromMilliseconds(780), TimeSpan.FromMilliseconds(3000));
        }

        File.Delete(_control);
        await Task.Delay(300);
        Assert.True(await RoundTripAsync(stream, 6) < TimeSpan.FromMilliseconds(500));
    }

    [Fact]
    public async Task Answers_HeldForDifferentTimes_StillArriveInOrder()
    {
        await File.WriteAllTextAsync(_control, "");
        await using var proxy = new DelayProxy(0, $"127.0.0.1:{((IPEndPoint)_echo.LocalEndpoint).Port}", _control, 50, 400);
        await Task.Delay(300);
        using var client = new TcpClient { NoDelay = true };
        await client.ConnectAsync(IPAddress.Loopback, proxy.Port);
        var stream = client.GetStream();

        var sent = Enumerable.Range(0, 40).Select(i => (byte)i).ToArray();
        foreach (var b in sent)
        {
            await stream.WriteAsync(new[] { b });
            await Task.Delay(10);
        }

        var received = new byte[sent.Length];
        await stream.ReadExactlyAsync(received).AsTask().WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(sent, received);
    }

    private static async Task<TimeSpan> RoundTripAsync(NetworkStream stream, byte value)
    {
        var clock = Stopwatch.StartNew();
        await stream.WriteAsync(new[] { value });
        var answer = new byte[1];
        await stream.ReadExactlyAsync(answer).AsTask().WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(value, answer[0]);
        return clock.Elapsed;
    }
}
