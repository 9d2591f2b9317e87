namespace JointPunishment.Bench;

/// <summary>What the importer reported: listings acknowledged (applied or duplicate) and the seconds it took.</summary>
public sealed record ImportFigures(long Applied, double Seconds)
{
    public double PerSecond => Applied / Seconds;
}
