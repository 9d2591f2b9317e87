namespace JointPunishment.Storage.Settings;

/// <summary>The operator's bootstrap key (<c>JP_OPERATOR_KEY</c>); empty: no operator key (no operator endpoints, a silo's metrics on loopback only).</summary>
public sealed class OperatorOptions
{
    public const string Setting = "JP_OPERATOR_KEY";

    public string Key { get; set; } = "";
}
