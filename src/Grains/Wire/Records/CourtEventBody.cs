namespace JointPunishment.Grains.Wire.Records;

/// <summary>
/// One step of a case. Every event has <c>eventId</c>, <c>type</c>, <c>caseNumber</c>, <c>subject</c> and <c>on</c>; the
/// others belong to some types only: <c>listed</c> (<c>listedOn</c>, <c>public</c>, <c>servedOn</c>, <c>obligation</c>,
/// <c>officers</c>), <c>verification_started</c> (<c>measure</c>), <c>verification_closed</c> (<c>outcome</c>
/// confirmed/revoked, <c>measure</c>, <c>reason</c>), <c>retained</c> (<c>measure</c>, <c>until</c>, <c>basis</c>),
/// <c>reconsideration_decided</c> (<c>outcome</c> upheld/dismissed, <c>reason</c>), and <c>shielded</c>, <c>revoked</c>,
/// <c>correction_upheld</c>, <c>correction_dismissed</c>, <c>reconsideration_requested</c> (<c>reason</c>).
/// Dates lie between 1900-01-01 and 2100-12-31, and a step's date not after today (CST).
/// </summary>
public sealed record CourtEventBody
{
    /// <summary>The court's own id for the event: sent again, it is a <c>duplicate</c> and changes nothing.</summary>
    [Required]
    [MaxLength(128)]
    public required string EventId { get; init; }

    /// <summary>The lifecycle step.</summary>
    [Required]
    [AllowedValues("risk_notice", "listed", "correction_requested", "correction_upheld", "correction_dismissed", "verification_started",
        "verification_closed", "shielded", "revoked", "retained", "performed", "reconsideration_requested", "reconsideration_decided")]
    public required string Type { get; init; }

    /// <summary>The case number (案号).</summary>
    [Required]
    [MaxLength(100)]
    public required string CaseNumber { get; init; }

    /// <summary>The debtor of the case.</summary>
    [Required]
    public required NamedSubjectBody Subject { get; init; }

    /// <summary>The date the step happened (default: today, CST); deadlines are counted from it.</summary>
    public DateOnly? On { get; init; }

    /// <summary><c>listed</c> (required): the date of the listing decision.</summary>
    public DateOnly? ListedOn { get; init; }

    /// <summary><c>listed</c>: the date the debtor received the decision; the 10-day correction window counts from it.</summary>
    public DateOnly? ServedOn { get; init; }

    /// <summary><c>listed</c> (required): whether the listing is published (false: 依法不宜公开).</summary>
    public bool? Public { get; init; }

    /// <summary><c>listed</c>: the obligation the debtor failed to perform.</summary>
    [MaxLength(2000)]
    public string? Obligation { get; init; }

    /// <summary><c>listed</c>, for a unit debtor only: its officers, at most 50.</summary>
    [MaxLength(CourtEventReader.MaxOfficers)]
    public IReadOnlyList<OfficerBody>? Officers { get; init; }

    /// <summary>
    /// A measure code of the catalogue: <c>verification_started</c>/<c>verification_closed</c> (that measure; all when
    /// absent), <c>retained</c> (required).
    /// </summary>
    [MaxLength(64)]
    public string? Measure { get; init; }

    /// <summary><c>verification_closed</c> (required): confirmed or revoked; <c>reconsideration_decided</c> (required): upheld or dismissed.</summary>
    [AllowedValues("confirmed", "revoked", "upheld", "dismissed")]
    public string? Outcome { get; init; }

    /// <summary>Why: on shielding, revocation, corrections, verification and reconsideration.</summary>
    [MaxLength(2000)]
    public string? Reason { get; init; }

    /// <summary><c>retained</c> (required): the last date the measure stays in force after delisting.</summary>
    public DateOnly? Until { get; init; }

    /// <summary><c>retained</c> (required): the legal basis for retaining the measure.</summary>
    [MaxLength(2000)]
    public string? Basis { get; init; }
}

/// <summary>An officer of a listed unit; the subject's fields sit beside <c>role</c>.</summary>
public sealed record OfficerBody : IdentifiedBody
{
    /// <summary>The officer's role in the unit.</summary>
    [Required]
    [AllowedValues("legal_representative", "principal", "actual_controller", "directly_responsible")]
    public required string Role { get; init; }

    /// <summary>The officer's name.</summary>
    [Required]
    [MaxLength(200)]
    public required string Name { get; init; }
}
