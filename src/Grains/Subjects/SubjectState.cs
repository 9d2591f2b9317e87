using JointPunishment.Grains.Interfaces.Model;

namespace JointPunishment.Grains.Subjects;

/// <summary>Persisted state of a subject grain. Serialized by Orleans by [Id]; add members with new ids, never renumber.</summary>
[GenerateSerializer, Alias("jp.SubjectState.v1")]
public sealed class SubjectState
{
    [Id(0)] public SubjectRef? Subject { get; set; }

    /// <summary>The subject's own cases by case number.</summary>
    [Id(1)] public Dictionary<string, Listing> Listings { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Links as officer of listed units, by unit|case|role; a link whose listing is null ended (kept as a version tombstone).</summary>
    [Id(2)] public Dictionary<string, OfficerLink> OfficerLinks { get; set; } = new(StringComparer.Ordinal);

    /// <summary>court + event id of every applied event, so a resent event is a duplicate, also after a restart.</summary>
    [Id(3)] public HashSet<string> AppliedEvents { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Officer updates not yet acknowledged by the officers' grains, by officer|case|role (latest wins).</summary>
    [Id(4)] public Dictionary<string, PendingOfficerLink> Outbox { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Whether this subject is in the shared index of named subjects (added once, before its first acknowledged event).</summary>
    [Id(5)] public bool Indexed { get; set; }

    /// <summary>Grows by one with every persisted change; projections keep the revision they last stored.</summary>
    [Id(6)] public long Revision { get; set; }

    /// <summary>Each agency's latest credit repair decision, by agency code (四(二)6: each agency decides for its own domain).</summary>
    [Id(7)] public Dictionary<string, CreditRepair> CreditRepairs { get; set; } = new(StringComparer.Ordinal);

    /// <summary>The subject's red-list entry (诚信典型, 五(三)), in force or with its exit; null when it never had one.</summary>
    [Id(8)] public RedListEntry? RedList { get; set; }

    /// <summary>
    /// A revision every projection is known to hold, written with the state: a bulk write stores the state and its
    /// projections in one transaction, so its states carry their own revision here and their grains need not ask the
    /// projections when they activate. A grain's own change is projected after its write, so it leaves this behind
    /// (0 in rows from before this member): at the next activation the projections are asked, as they always were.
    /// </summary>
    [Id(9)] public long ProjectedRevision { get; set; }
}
