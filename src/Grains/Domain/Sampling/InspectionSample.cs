namespace JointPunishment.Grains.Domain.Sampling;

/// <summary>
/// 二(十): 提高随机抽查的比例 — key supervision targets (listed units, and units whose legal representative,
/// principal, actual controller, director, supervisor or senior manager is listed) are drawn at a higher rate.
/// The draw: one <see cref="SplitMix64"/> seeded with the published seed; for each unit in population order, one
/// number u in [0, 1); the unit is selected when u &lt; (key target ? keyRate : rate). Same population order, key
/// targets, seed and rates — same sample.
/// </summary>
public static class InspectionSample
{
    public static IReadOnlyList<int> Draw(IReadOnlyList<bool> isKeyTarget, ulong seed, double rate, double keyRate)
    {
        var random = new SplitMix64(seed);
        var selected = new List<int>();
        for (var i = 0; i < isKeyTarget.Count; i++)
        {
            if (random.NextDouble() < (isKeyTarget[i] ? keyRate : rate))
            {
                selected.Add(i);
            }
        }

        return selected;
    }
}
