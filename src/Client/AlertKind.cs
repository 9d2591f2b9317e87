using System.Text.Json.Serialization;
using JointPunishment.Client.Json;

namespace JointPunishment.Client;

/// <summary>Which way a watched member's decision changed.</summary>
[JsonConverter(typeof(WireEnumConverter<AlertKind>))]
public enum AlertKind
{
    /// <summary>From <c>allow</c> to anything else (<c>restricted</c>), or already restricted when added.</summary>
    Restricted,

    /// <summary>Back to <c>allow</c> (<c>lifted</c>).</summary>
    Lifted,
}
