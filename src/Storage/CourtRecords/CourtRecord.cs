using System.Collections.Immutable;
using JointPunishment.Grains.Domain.Deadlines;

namespace JointPunishment.Storage.CourtRecords;

/// <summary>What holds a court to account (四(二)9): the listings it made, how many lacked a risk notice, its overdue steps by kind.</summary>
public sealed record CourtRecord(long Listings, long RiskNoticeMissing, ImmutableDictionary<DueStepKind, long> Overdue);
