using JointPunishment.Grains.Interfaces.Model;

namespace JointPunishment.Storage.CreditRepairs;

/// <summary>One entry of the credit repair feed.</summary>
public sealed record CreditRepairEntry(long Seq, string IdType, string IdNumberMasked, string Name, string Agency, CreditRepairDecision Decision, DateTimeOffset DecidedAt);
