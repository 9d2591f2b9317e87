namespace JointPunishment.Grains.Keys;

/// <summary>The deployment secret subject grain keys are derived with (<c>JP_SUBJECT_KEY</c>). Never in the repository.</summary>
public sealed class SubjectKeyOptions
{
    public string Secret { get; set; } = "";
}
