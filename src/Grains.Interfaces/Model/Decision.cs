namespace JointPunishment.Grains.Interfaces.Model;

/// <summary>What an agency must do. Values are ordered by strength: the strongest applicable one wins.</summary>
public enum Decision
{
    Allow = 0,
    Flag = 1,
    Limit = 2,
    Review = 3,
    Block = 4,
}
