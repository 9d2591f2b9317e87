namespace JointPunishment.Gateway.Auth;

/// <summary>The operator's bootstrap key (<c>JP_OPERATOR_KEY</c>).</summary>
public sealed class OperatorOptions
{
    public string Key { get; set; } = "";
}
