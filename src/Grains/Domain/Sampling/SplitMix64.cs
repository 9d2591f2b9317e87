namespace JointPunishment.Grains.Domain.Sampling;

/// <summary>
/// SplitMix64 (Steele, Lea, Flood 2014; the seeding generator of java.util.SplittableRandom and xoshiro): a tiny,
/// fully specified generator, so anyone can reproduce a draw from its seed in any language. Each step adds
/// 0x9E3779B97F4A7C15 to the state and mixes it; <see cref="NextDouble"/> takes the top 53 bits.
/// Not for secrets: the seed is published with the draw on purpose.
/// </summary>
public sealed class SplitMix64(ulong seed)
{
    private ulong _state = seed;

    public ulong Next()
    {
        var z = _state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>Uniform in [0, 1): the top 53 bits of <see cref="Next"/> times 2⁻⁵³.</summary>
    public double NextDouble() => (Next() >> 11) * (1.0 / (1UL << 53));
}
