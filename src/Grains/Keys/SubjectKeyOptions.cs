namespace JointPunishment.Grains.Keys;

/// <summary>The deployment secret subject grain keys are derived with (<c>JP_SUBJECT_KEY</c>). Never in the repository.</summary>
public sealed class SubjectKeyOptions
{
    public const string Setting = "JP_SUBJECT_KEY";

    public const int MinLength = 16;

    public const string Invalid = "JP_SUBJECT_KEY must be set to a secret of at least 16 characters: subject grain keys are keyed hashes of identities.";

    public string Secret { get; set; } = "";
}
