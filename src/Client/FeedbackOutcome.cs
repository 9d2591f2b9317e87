using System.Text.Json.Serialization;
using JointPunishment.Client.Json;

namespace JointPunishment.Client;

/// <summary>What the agency did on a check (自动反馈).</summary>
[JsonConverter(typeof(WireEnumConverter<FeedbackOutcome>))]
public enum FeedbackOutcome
{
    /// <summary>The agency refused the action (<c>refused</c>).</summary>
    Refused,

    /// <summary>The agency served the subject (<c>served</c>); on a <see cref="Decision.Block"/> this counts as a failure to punish.</summary>
    Served,

    /// <summary>The agency reviewed the subject (<c>reviewed</c>).</summary>
    Reviewed,
}
