namespace JointPunishment.Client;

/// <summary>Keeps full identity numbers out of <c>ToString()</c> and therefore out of logs.</summary>
internal static class IdentifierMask
{
    public static string Mask(string idNumber) => idNumber.Length <= 6 ? "****" : $"{idNumber[..4]}****{idNumber[^2..]}";
}
