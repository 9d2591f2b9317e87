using System.Diagnostics;
using System.Globalization;

namespace JointPunishment.Bench;

/// <summary>Sends a POSIX signal with kill(1): .NET's Process.Kill only sends SIGKILL.</summary>
public static class Signals
{
    public static async Task SendAsync(int pid, string signal)
    {
        using var kill = Process.Start("kill", [$"-{signal}", pid.ToString(CultureInfo.InvariantCulture)]);
        await kill.WaitForExitAsync();
    }
}
