using JointPunishment.Storage.Encryption;

namespace JointPunishment.Storage.Settings;

/// <summary>
/// The operator's bootstrap key (<c>JP_OPERATOR_KEY</c>), checked by <see cref="KeySettings.OperatorKey"/>; empty: no
/// operator key (a silo's metrics on loopback only; a gateway refuses to start without one).
/// </summary>
public sealed class OperatorOptions
{
    public const string Setting = KeySettings.OperatorKeySetting;

    public string Key { get; set; } = "";
}
