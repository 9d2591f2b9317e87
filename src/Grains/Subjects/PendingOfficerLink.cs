using JointPunishment.Grains.Interfaces.Model;

namespace JointPunishment.Grains.Subjects;

/// <summary>An officer update persisted with the unit's event and delivered after it (outbox): a crash in between delays it, never loses it.</summary>
[GenerateSerializer, Immutable, Alias("jp.PendingOfficerLink")]
public sealed record PendingOfficerLink([property: Id(0)] string OfficerKey, [property: Id(1)] OfficerLink Link);
