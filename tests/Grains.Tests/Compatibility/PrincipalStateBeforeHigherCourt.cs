namespace JointPunishment.Grains.Tests.Compatibility;

/// <summary><c>PrincipalState</c> as stored before courts had a higher court (members 0–6 only).</summary>
[GenerateSerializer, Alias("jp.test.PrincipalStateBeforeHigherCourt")]
public sealed class PrincipalStateBeforeHigherCourt
{
    [Id(0)] public string Name { get; set; } = "";
    [Id(1)] public List<string> Measures { get; set; } = [];
    [Id(2)] public byte[] KeySalt { get; set; } = [];
    [Id(3)] public byte[] KeyHash { get; set; } = [];
    [Id(4)] public DateTimeOffset RegisteredAt { get; set; }
    [Id(5)] public bool Revoked { get; set; }
    [Id(6)] public DateTimeOffset? KeyChangedAt { get; set; }
}
