using System.Text.Json.Serialization;
using JointPunishment.Client.Json;

namespace JointPunishment.Client;

/// <summary>An agency's credit repair decision for its own domain (信用修复, 四(二)6).</summary>
[JsonConverter(typeof(WireEnumConverter<CreditRepairDecision>))]
public enum CreditRepairDecision
{
    /// <summary>Repair granted (<c>granted</c>).</summary>
    Granted,

    /// <summary>Repair denied (<c>denied</c>).</summary>
    Denied,
}
