using JointPunishment.Grains.Interfaces.Model;
using JointPunishment.Grains.Subjects;

namespace JointPunishment.Grains.Tests.Compatibility;

/// <summary><c>SubjectState</c> as stored before the red list (members 0–7 only).</summary>
[GenerateSerializer, Alias("jp.test.SubjectStateBeforeRedList")]
public sealed class SubjectStateBeforeRedList
{
    [Id(0)] public SubjectRef? Subject { get; set; }
    [Id(1)] public Dictionary<string, Listing> Listings { get; set; } = new(StringComparer.Ordinal);
    [Id(2)] public Dictionary<string, OfficerLink> OfficerLinks { get; set; } = new(StringComparer.Ordinal);
    [Id(3)] public HashSet<string> AppliedEvents { get; set; } = new(StringComparer.Ordinal);
    [Id(4)] public Dictionary<string, PendingOfficerLink> Outbox { get; set; } = new(StringComparer.Ordinal);
    [Id(5)] public bool Indexed { get; set; }
    [Id(6)] public long Revision { get; set; }
    [Id(7)] public Dictionary<string, CreditRepair> CreditRepairs { get; set; } = new(StringComparer.Ordinal);
}
