namespace JointPunishment.Client;

/// <summary>A subject as the gateway echoes it back: the identifier masked, never in full.</summary>
/// <param name="IdType">The kind of identifier.</param>
/// <param name="IdNumberMasked">The masked identifier, such as <c>6401041990****1234</c>.</param>
/// <param name="Name">The subject's name.</param>
public sealed record MaskedSubject(IdType IdType, string IdNumberMasked, string Name);
