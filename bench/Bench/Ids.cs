namespace JointPunishment.Bench;

/// <summary>Deterministic valid identifiers: listed persons, officers and units in disjoint ranges, unlisted persons elsewhere.</summary>
public static class Ids
{
    private static readonly int[] ResidentWeights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    private static readonly int[] OrgWeights = [3, 7, 9, 10, 5, 8, 4, 2];
    private static readonly int[] UsccWeights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
    private const string UsccAlphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";
    private static readonly DateOnly FirstBirthday = new(1950, 1, 1);

    /// <summary>Region 110101: listed debtors. 120101: officers. 310101: never listed.</summary>
    public static string ListedPerson(int i) => Resident("110101", i);

    public static string Officer(int i) => Resident("120101", i);

    public static string Unlisted(int i) => Resident("310101", i);

    public static string Unit(int i)
    {
        var org = $"{i:00000000}";
        var check = 11 - (org.Select((c, k) => (c - '0') * OrgWeights[k]).Sum() % 11);
        var body = $"91110000{org}{check switch { 10 => 'X', 11 => '0', _ => (char)('0' + check) }}";
        var sum = body.Select((c, k) => UsccAlphabet.IndexOf(c) * UsccWeights[k]).Sum();
        return body + UsccAlphabet[(31 - (sum % 31)) % 31];
    }

    private static string Resident(string region, int i)
    {
        var birthday = FirstBirthday.AddDays(i / 1000);
        var body = $"{region}{birthday:yyyyMMdd}{i % 1000:000}";
        var sum = body.Select((c, k) => (c - '0') * ResidentWeights[k]).Sum();
        return body + "10X98765432"[sum % 11];
    }
}
