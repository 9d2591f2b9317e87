namespace JointPunishment.Grains.Domain.PublicList;

/// <summary>Which published names the public query also searches by similarity.</summary>
public static class PublicNames
{
    /// <summary>
    /// Close names are looked for only up to this length: personal names (two to four characters with a compound surname).
    /// Longer names (units, foreign names) share so many trigrams with one another (…有限公司) that "similar" would return
    /// most of the list and make every such query scan it — a cost anyone could impose on the free query.
    /// </summary>
    public const int MaxSimilarLength = 4;

    /// <summary>Whether the similar-name search covers <paramref name="normalisedName"/>.</summary>
    public static bool IsSearchedBySimilarity(string normalisedName)
    {
        ArgumentNullException.ThrowIfNull(normalisedName);
        return normalisedName.Length <= MaxSimilarLength;
    }
}
