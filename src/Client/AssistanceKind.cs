using System.Text.Json.Serialization;
using JointPunishment.Client.Json;

namespace JointPunishment.Client;

/// <summary>What a court asks an agency to do in an assistance request (协助执行).</summary>
[JsonConverter(typeof(WireEnumConverter<AssistanceKind>))]
public enum AssistanceKind
{
    /// <summary>Query what the subject holds (<c>query</c>).</summary>
    Query,

    /// <summary>Freeze (<c>freeze</c>).</summary>
    Freeze,

    /// <summary>Seize (<c>seize</c>).</summary>
    Seize,

    /// <summary>Locate the subject (<c>locate</c>).</summary>
    Locate,

    /// <summary>Transfer (<c>transfer</c>).</summary>
    Transfer,
}
