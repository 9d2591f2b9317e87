using System.Text.Json.Serialization;
using JointPunishment.Client.Json;

namespace JointPunishment.Client;

/// <summary>Whether a train is an EMU (动车组) or a conventional train; without it, G, D and C trains count as EMUs.</summary>
[JsonConverter(typeof(WireEnumConverter<TrainType>))]
public enum TrainType
{
    /// <summary>An electric multiple unit (<c>emu</c>).</summary>
    Emu,

    /// <summary>A conventional train (<c>conventional</c>).</summary>
    Conventional,
}
