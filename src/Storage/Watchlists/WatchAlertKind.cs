namespace JointPunishment.Storage.Watchlists;

/// <summary>Which way a watched member's decision crossed <c>allow</c> (stored as <c>jp_alert.kind</c>).</summary>
public enum WatchAlertKind : short
{
    /// <summary>From <c>allow</c> to anything else, or already restricted when added.</summary>
    Restricted = 0,

    /// <summary>Back to <c>allow</c>.</summary>
    Lifted = 1,
}
