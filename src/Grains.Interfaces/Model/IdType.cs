namespace JointPunishment.Grains.Interfaces.Model;

/// <summary>The kind of identifier a subject is known by. Wire names: <c>resident_id</c>, <c>passport</c>, <c>uscc</c>, <c>org_code</c>.</summary>
public enum IdType
{
    /// <summary>18-character resident identity number (GB 11643-1999, MOD 11-2 check character).</summary>
    ResidentId = 1,

    /// <summary>Passport or other travel document of a natural person.</summary>
    Passport = 2,

    /// <summary>18-character unified social credit code of a unit (GB 32100-2015, MOD 31 check character).</summary>
    Uscc = 3,

    /// <summary>9-character organisation code of a unit in old records (GB 11714).</summary>
    OrgCode = 4,
}
