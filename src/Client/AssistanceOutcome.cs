using System.Text.Json.Serialization;
using JointPunishment.Client.Json;

namespace JointPunishment.Client;

/// <summary>An agency's answer to an assistance request.</summary>
[JsonConverter(typeof(WireEnumConverter<AssistanceOutcome>))]
public enum AssistanceOutcome
{
    /// <summary>Found what was asked for (<c>found</c>).</summary>
    Found,

    /// <summary>Found nothing (<c>not_found</c>).</summary>
    NotFound,

    /// <summary>Done as asked (<c>done</c>).</summary>
    Done,

    /// <summary>Unable to do it (<c>unable</c>).</summary>
    Unable,
}
