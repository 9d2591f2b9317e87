using System.Text.Json.Serialization;
using JointPunishment.Client.Json;

namespace JointPunishment.Client;

/// <summary>The kind of identifier a <see cref="Subject"/> carries (wire names <c>resident_id</c>, <c>passport</c>, <c>uscc</c>, <c>org_code</c>).</summary>
[JsonConverter(typeof(WireEnumConverter<IdType>))]
public enum IdType
{
    /// <summary>A resident identity card number (18 characters, GB 11643 check character; a lower-case <c>x</c> is normalised to <c>X</c>).</summary>
    ResidentId,

    /// <summary>A passport number.</summary>
    Passport,

    /// <summary>A unified social credit code of a unit (18 characters, GB 32100 check character).</summary>
    Uscc,

    /// <summary>An organisation code (GB 11714).</summary>
    OrgCode,
}
