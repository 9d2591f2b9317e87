namespace JointPunishment.Gateway.Auth;

public enum CallerRole
{
    Operator = 1,
    Court = 2,
    Agency = 3,
}
