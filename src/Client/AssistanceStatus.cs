using System.Text.Json.Serialization;
using JointPunishment.Client.Json;

namespace JointPunishment.Client;

/// <summary>Whether an assistance request has been answered.</summary>
[JsonConverter(typeof(WireEnumConverter<AssistanceStatus>))]
public enum AssistanceStatus
{
    /// <summary>Not answered yet (<c>open</c>); it counts as <c>assistanceOverdue</c> in the agency's ledger after its due date.</summary>
    Open,

    /// <summary>Answered (<c>answered</c>).</summary>
    Answered,
}
