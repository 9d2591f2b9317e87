namespace JointPunishment.Gateway.Auth;

public enum CallerRole
{
    Operator = 1,
    Court = 2,
    Agency = 3,

    /// <summary>A feed consumer registered as <c>credit_platform</c>: the public credit information system.</summary>
    CreditPlatform = 4,

    /// <summary>A feed consumer registered as <c>node</c>: a downstream node of the platform.</summary>
    Node = 5,
}
