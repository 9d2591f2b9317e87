namespace JointPunishment.Grains.Principals;

/// <summary>
/// The public directory of agencies (code and name, whether active) kept outside the grains, so that the public page
/// can offer a choice of agency without activating a grain per agency. An agency grain calls it after each change it
/// persists and again on every activation, so a change is never missing after a crash: it must be idempotent.
/// </summary>
public interface IAgencyDirectory
{
    /// <summary>Stores the agency <paramref name="code"/> with its <paramref name="name"/>; <paramref name="active"/> false once its key is revoked.</summary>
    Task ProjectAsync(string code, string name, bool active, CancellationToken cancellationToken);
}
