namespace JointPunishment.Integration.Tests.Infrastructure;

/// <summary>Valid identifiers made on the fly (GB 11643 MOD 11-2), distinct per test so tests never share subjects.</summary>
public static class TestIds
{
    private static int _sequence = Random.Shared.Next(100, 900);

    /// <summary>A resident id born on 1990-03-07 with a fresh sequence number.</summary>
    public static string ResidentId() => ResidentId("19900307");

    /// <summary>A resident id born on <paramref name="birthDate"/> (yyyyMMdd): sequences repeat after 1000, birth dates keep sets apart.</summary>
    public static string ResidentId(string birthDate)
    {
        var sequence = Interlocked.Increment(ref _sequence) % 1000;
        var body = $"110101{birthDate}{sequence:000}";
        int[] weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
        var sum = body.Select((c, i) => (c - '0') * weights[i]).Sum();
        return body + "10X98765432"[sum % 11];
    }

    /// <summary>A fresh unified social credit code: embedded organisation code checked per GB 11714, the whole per GB 32100 MOD 31.</summary>
    public static string Uscc()
    {
        const string alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";
        var org = $"{Interlocked.Increment(ref _sequence):00000000}";
        int[] orgWeights = [3, 7, 9, 10, 5, 8, 4, 2];
        var orgCheck = 11 - (org.Select((c, i) => (c - '0') * orgWeights[i]).Sum() % 11);
        var body = $"91110000{org}{orgCheck switch { 10 => 'X', 11 => '0', _ => (char)('0' + orgCheck) }}";
        int[] weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
        var sum = body.Select((c, i) => alphabet.IndexOf(c) * weights[i]).Sum();
        return body + alphabet[(31 - (sum % 31)) % 31];
    }
}
