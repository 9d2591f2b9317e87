using System.Collections.Immutable;

namespace JointPunishment.Grains.Interfaces.Model;

/// <summary>
/// One case against one subject: its status, history, pending steps, suspensions and retentions. Immutable:
/// every applied event produces a new value with <see cref="Version"/> one higher, which is also what an
/// officer's grain receives as its copy of a listed unit's case.
/// </summary>
[GenerateSerializer, Immutable, Alias("jp.Listing")]
public sealed record Listing(
    [property: Id(0)] string CaseNumber,
    [property: Id(1)] string Court,
    [property: Id(2)] ListingStatus Status,
    [property: Id(3)] int Version)
{
    [Id(4)] public DateOnly? ListedOn { get; init; }
    [Id(5)] public bool Public { get; init; }
    [Id(6)] public string? Obligation { get; init; }
    [Id(7)] public ImmutableArray<StatusChange> History { get; init; } = [];
    /// <summary>Date of a correction request not yet ruled on.</summary>
    [Id(8)] public DateOnly? CorrectionRequestedOn { get; init; }
    /// <summary>Date the obligation was performed while still listed: shielding or revocation is due within 3 days.</summary>
    [Id(9)] public DateOnly? PerformedOn { get; init; }
    [Id(10)] public ImmutableArray<Suspension> Suspensions { get; init; } = [];
    [Id(11)] public ImmutableArray<Retention> Retentions { get; init; } = [];
    /// <summary>Revoked because the listing was wrong (correction upheld, verification revoked): nothing survives, retention included.</summary>
    [Id(12)] public bool Wrongful { get; init; }
    /// <summary>For a unit: the officers named with the listing.</summary>
    [Id(13)] public ImmutableArray<Officer> Officers { get; init; } = [];
    /// <summary>The date the debtor received the listing decision (四(二)3 自收到决定之日起), when the court gave it.</summary>
    [Id(14)] public DateOnly? ServedOn { get; init; }
    /// <summary>
    /// 四(二)3: no risk notice preceded the listing in this case's history. A procedurally defective listing still
    /// stands; the court is held to account for it (四(二)9). Null: listed before the platform recorded this
    /// (unknown, never counted against the court).
    /// </summary>
    [Id(15)] public bool? RiskNoticeMissing { get; init; }
    /// <summary>Date the last correction request was dismissed: a reconsideration may be requested within 10 days of it.</summary>
    [Id(16)] public DateOnly? CorrectionDismissedOn { get; init; }
    /// <summary>The reconsideration by the higher court (复议), pending or decided; null when none was requested.</summary>
    [Id(17)] public Reconsideration? Reconsideration { get; init; }
    /// <summary>Objections to measures referred by agencies (四(二)3), open or taken up.</summary>
    public ImmutableArray<Objection> Objections { get => _objections.IsDefault ? [] : _objections; init => _objections = value; }

    // A row stored before objections existed has no value here; the deserializer leaves it default, read as empty.
    [Id(18)] private readonly ImmutableArray<Objection> _objections = [];
}
