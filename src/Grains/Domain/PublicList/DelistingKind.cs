namespace JointPunishment.Grains.Domain.PublicList;

/// <summary>Why an entry left the public list; stored as its number.</summary>
public enum DelistingKind
{
    /// <summary>屏蔽: obligation performed, settled or case terminated.</summary>
    Shielded = 1,

    /// <summary>撤销: including a listing found wrong (correction upheld, verification revoked).</summary>
    Revoked = 2,
}
