using System.Text.Json.Serialization;
using JointPunishment.Client.Json;

namespace JointPunishment.Client;

/// <summary>The effect of a measure of the catalogue (<c>GET /v1/catalogue</c>).</summary>
[JsonConverter(typeof(WireEnumConverter<Effect>))]
public enum Effect
{
    /// <summary>The action is prohibited (<c>prohibit</c>).</summary>
    Prohibit,

    /// <summary>The action is strictly reviewed (<c>strict_review</c>).</summary>
    StrictReview,

    /// <summary>The listing is a reference for the agency's decision (<c>reference</c>).</summary>
    Reference,

    /// <summary>The action is limited by a quota (<c>quota</c>).</summary>
    Quota,

    /// <summary>The subject is supervised (<c>supervise</c>).</summary>
    Supervise,

    /// <summary>The agency assists enforcement (<c>assist</c>).</summary>
    Assist,
}
