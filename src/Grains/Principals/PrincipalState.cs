using JointPunishment.Grains.Interfaces.Principals;

namespace JointPunishment.Grains.Principals;

/// <summary>Persisted state of an agency, court or feed consumer. The API key is kept only as a salted SHA-256 hash.</summary>
[GenerateSerializer, Alias("jp.PrincipalState.v1")]
public sealed class PrincipalState
{
    [Id(0)] public string Name { get; set; } = "";
    [Id(1)] public List<string> Measures { get; set; } = [];
    [Id(2)] public byte[] KeySalt { get; set; } = [];
    [Id(3)] public byte[] KeyHash { get; set; } = [];
    [Id(4)] public DateTimeOffset RegisteredAt { get; set; }

    /// <summary>Set by the operator; cleared by a key rotation.</summary>
    [Id(5)] public bool Revoked { get; set; }

    [Id(6)] public DateTimeOffset? KeyChangedAt { get; set; }

    /// <summary>For a court: the court that hears reconsideration of its dismissals (四(二)3); null for older rows and agencies.</summary>
    [Id(7)] public string? HigherCourt { get; set; }

    /// <summary>A feed consumer's role; null for agencies and courts (and in every row written before consumers existed).</summary>
    [Id(8)] public ConsumerRole? ConsumerRole { get; set; }
}
