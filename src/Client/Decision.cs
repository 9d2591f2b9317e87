using System.Text.Json.Serialization;
using JointPunishment.Client.Json;

namespace JointPunishment.Client;

/// <summary>What the agency must do, the strongest effect of the measures that apply.</summary>
[JsonConverter(typeof(WireEnumConverter<Decision>))]
public enum Decision
{
    /// <summary>Nothing applies: go ahead (<c>allow</c>).</summary>
    Allow,

    /// <summary>A prohibition applies: refuse (<c>block</c>); report <see cref="FeedbackOutcome.Refused"/>.</summary>
    Block,

    /// <summary>Strict review applies (<c>review</c>).</summary>
    Review,

    /// <summary>A reference or assistance measure applies: proceed and take it into account (<c>flag</c>).</summary>
    Flag,

    /// <summary>A quota applies (<c>limit</c>).</summary>
    Limit,
}
