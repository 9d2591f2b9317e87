using System.ComponentModel.DataAnnotations;

namespace JointPunishment.Gateway.Auth;

/// <summary>
/// How many refused keys one client address (an IPv6 /64) may send per window before this gateway stops verifying
/// its keys at all (section <c>RateLimits:FailedAuthentication</c>): plenty for a misconfigured client, nothing for guessing.
/// </summary>
public sealed class FailedAuthenticationOptions
{
    public const string Section = "RateLimits:FailedAuthentication";

    [Range(1, int.MaxValue)]
    public int PermitLimit { get; set; } = 30;

    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(1);
}
