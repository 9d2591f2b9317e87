using System.Collections.Immutable;
using JointPunishment.Grains.Interfaces.Model;

namespace JointPunishment.Grains.Domain.Lifecycle;

/// <summary>
/// The transitions of one case (四(二)): pure, so every rule is unit-tested without a cluster. Each accepted
/// event yields a new <see cref="Listing"/> with the version bumped and the step appended to its history.
/// </summary>
public static class ListingLifecycle
{
    /// <summary>四(二)3: a correction request must come within 10 days of receiving the listing decision.</summary>
    public const int CorrectionWindowDays = 10;

    /// <summary>
    /// 四(二)3 "向上一级人民法院申请复议" names no period; national practice (最高人民法院关于公布失信被执行人名单信息的若干规定
    /// 第十二条 and the reconsideration rules of the execution procedure) allows 10 days from the dismissal.
    /// </summary>
    public const int ReconsiderationWindowDays = 10;

    /// <param name="current">The case as it stands, or null when the subject has no such case yet.</param>
    /// <param name="e">The event; its <see cref="CourtEvent.Court"/> is the court that sent it.</param>
    /// <param name="higherCourt">
    /// The code of the listing court's higher court (its registered <c>higherCourt</c>), which may send the two
    /// reconsideration events for the case; null when it has none or the caller did not need to look it up.
    /// </param>
    public static LifecycleResult Apply(Listing? current, CourtEvent e, string? higherCourt = null)
    {
        if (current is not null && current.Court != e.Court && !(IsReconsideration(e.Type) && e.Court == higherCourt))
        {
            return LifecycleResult.Reject($"case {e.CaseNumber} belongs to court {current.Court}");
        }

        // The gateway refuses these already, naming the field; a direct caller of the grain is held to the same bounds.
        if (OutOfBounds(e) is { } bad)
        {
            return LifecycleResult.Reject(bad);
        }

        return e.Type switch
        {
            CourtEventType.RiskNotice => RiskNotice(current, e),
            CourtEventType.Listed => List(current, e),
            CourtEventType.CorrectionRequested => RequestCorrection(current, e),
            CourtEventType.CorrectionUpheld => RuleOnCorrection(current, e, upheld: true),
            CourtEventType.CorrectionDismissed => RuleOnCorrection(current, e, upheld: false),
            CourtEventType.VerificationStarted => StartVerification(current, e),
            CourtEventType.VerificationClosed => CloseVerification(current, e),
            CourtEventType.Shielded => Delist(current, e, ListingStatus.Shielded),
            CourtEventType.Revoked => Delist(current, e, ListingStatus.Revoked),
            CourtEventType.Retained => Retain(current, e),
            CourtEventType.Performed => Perform(current, e),
            CourtEventType.ReconsiderationRequested => RequestReconsideration(current, e, higherCourt),
            CourtEventType.ReconsiderationDecided => DecideReconsideration(current, e),
            _ => LifecycleResult.Reject($"unknown event type {e.Type}"),
        };
    }

    /// <summary>The events the listing court's higher court may send for a case (四(二)3 复议).</summary>
    public static bool IsReconsideration(CourtEventType type) =>
        type is CourtEventType.ReconsiderationRequested or CourtEventType.ReconsiderationDecided;

    private static LifecycleResult RiskNotice(Listing? current, CourtEvent e)
    {
        // A risk notice comes before a listing; once a case was listed, a notice would also end its retained measures.
        if (current is not null && current.Status != ListingStatus.RiskNotice)
        {
            return LifecycleResult.Reject($"case {e.CaseNumber} has already been listed");
        }

        var start = current ?? new Listing(e.CaseNumber, e.Court, ListingStatus.RiskNotice, 0);
        return Accept(start with { Status = ListingStatus.RiskNotice }, e, null);
    }

    private static LifecycleResult List(Listing? current, CourtEvent e)
    {
        if (current is { Status: ListingStatus.Listed })
        {
            return LifecycleResult.Reject($"case {e.CaseNumber} is already listed");
        }

        if (e.ListedOn is not { } listedOn || e.Public is not { } isPublic)
        {
            return LifecycleResult.Reject("a listing needs listedOn and public");
        }

        if (e.ServedOn is { } servedOn && servedOn < listedOn)
        {
            return LifecycleResult.Reject($"servedOn ({servedOn:yyyy-MM-dd}) is before listedOn ({listedOn:yyyy-MM-dd}): a decision is received after it is made");
        }

        // A new listing starts clean: earlier suspensions, retentions and pending steps belonged to the earlier episode.
        var listing = (current ?? new Listing(e.CaseNumber, e.Court, ListingStatus.Listed, 0)) with
        {
            Status = ListingStatus.Listed,
            ListedOn = listedOn,
            ServedOn = e.ServedOn,
            // 四(二)3 在将被执行人纳入失信名单前…发出风险提示通知: any notice in this case's history counts, also for a
            // re-listing after shielding (a listed case cannot take a new notice, and the debtor was warned in it).
            RiskNoticeMissing = current is null || !current.History.Any(h => h.Event == CourtEventType.RiskNotice),
            Public = isPublic,
            Obligation = e.Obligation,
            Officers = e.Officers,
            CorrectionRequestedOn = null,
            PerformedOn = null,
            Suspensions = [],
            Retentions = [],
            Wrongful = false,
            CorrectionDismissedOn = null,
            Reconsideration = null,
            Objections = [],
        };
        return Accept(listing, e, null);
    }

    private static LifecycleResult RequestCorrection(Listing? current, CourtEvent e)
    {
        if (current is not { Status: ListingStatus.Listed, ListedOn: { } listedOn })
        {
            return NotListed(e);
        }

        if (e.On < listedOn)
        {
            return LifecycleResult.Reject($"the request date {e.On:yyyy-MM-dd} is before the listing date {listedOn:yyyy-MM-dd}");
        }

        // 四(二)3 自收到决定之日起10日内: from the day the debtor received the decision, else from the listing date.
        var (from, counted) = current.ServedOn is { } servedOn ? (servedOn, "served") : (listedOn, "listed");
        var days = e.On.DayNumber - from.DayNumber;
        if (days > CorrectionWindowDays)
        {
            return LifecycleResult.Reject(
                $"a correction request must be made within {CorrectionWindowDays} days of receiving the decision ({counted} {from:yyyy-MM-dd}); this one came after {days} days");
        }

        if (current.CorrectionRequestedOn is not null)
        {
            return LifecycleResult.Reject($"a correction request for case {e.CaseNumber} is already pending");
        }

        return Accept(current with { CorrectionRequestedOn = e.On }, e, null);
    }

    private static LifecycleResult RuleOnCorrection(Listing? current, CourtEvent e, bool upheld)
    {
        if (current is not { Status: ListingStatus.Listed })
        {
            return NotListed(e);
        }

        if (current.CorrectionRequestedOn is null)
        {
            return LifecycleResult.Reject($"no correction request is pending for case {e.CaseNumber}");
        }

        var ruled = current with { CorrectionRequestedOn = null };
        return upheld
            ? Accept(LiftWrongful(ruled), e, e.Reason)
            : Accept(ruled with { CorrectionDismissedOn = e.On }, e, e.Reason);
    }

    /// <summary>四(二)3: after a dismissed correction request the debtor may ask the higher court to reconsider.</summary>
    private static LifecycleResult RequestReconsideration(Listing? current, CourtEvent e, string? higherCourt)
    {
        if (current is not { Status: ListingStatus.Listed })
        {
            return NotListed(e);
        }

        if (higherCourt is null)
        {
            return LifecycleResult.Reject($"court {current.Court} has no higher court registered to hear a reconsideration");
        }

        if (current.CorrectionDismissedOn is not { } dismissedOn)
        {
            return LifecycleResult.Reject($"no correction request of case {e.CaseNumber} was dismissed; a reconsideration follows a dismissal");
        }

        if (current.Reconsideration is not null)
        {
            return LifecycleResult.Reject(current.Reconsideration.IsPending
                ? $"a reconsideration of case {e.CaseNumber} is already pending"
                : $"the reconsideration of case {e.CaseNumber} was already decided");
        }

        if (e.On < dismissedOn)
        {
            return LifecycleResult.Reject($"the request date {e.On:yyyy-MM-dd} is before the dismissal date {dismissedOn:yyyy-MM-dd}");
        }

        var days = e.On.DayNumber - dismissedOn.DayNumber;
        if (days > ReconsiderationWindowDays)
        {
            return LifecycleResult.Reject(
                $"a reconsideration must be requested within {ReconsiderationWindowDays} days of the dismissal of the correction request ({dismissedOn:yyyy-MM-dd}); this one came after {days} days");
        }

        return Accept(current with { Reconsideration = new Reconsideration(e.On, higherCourt) }, e, $"decided by {higherCourt}");
    }

    /// <summary>四(二)3: only the higher court decides; upheld means the listing was wrong, as an upheld correction.</summary>
    private static LifecycleResult DecideReconsideration(Listing? current, CourtEvent e)
    {
        if (current is not { Status: ListingStatus.Listed })
        {
            return NotListed(e);
        }

        if (current.Reconsideration is not { IsPending: true } pending)
        {
            return LifecycleResult.Reject($"no reconsideration of case {e.CaseNumber} is pending");
        }

        if (e.Court != pending.Court)
        {
            return LifecycleResult.Reject($"only the higher court {pending.Court} decides the reconsideration of case {e.CaseNumber}");
        }

        if (e.Decision is not { } decision)
        {
            return LifecycleResult.Reject("reconsideration_decided needs an outcome");
        }

        if (e.On < pending.RequestedOn)
        {
            return LifecycleResult.Reject($"the decision date {e.On:yyyy-MM-dd} is before the request date {pending.RequestedOn:yyyy-MM-dd}");
        }

        var decided = current with { Reconsideration = pending with { DecidedOn = e.On, Outcome = decision } };
        return decision == ReconsiderationOutcome.Upheld
            ? Accept(LiftWrongful(decided), e, e.Reason)
            : Accept(decided, e, e.Reason);
    }

    private static LifecycleResult StartVerification(Listing? current, CourtEvent e)
    {
        if (current is not { Status: ListingStatus.Listed })
        {
            return NotListed(e);
        }

        if (current.Suspensions.Any(s => s.Measure == e.Measure || s.Measure is null))
        {
            return LifecycleResult.Reject(e.Measure is null
                ? $"case {e.CaseNumber} is already under verification"
                : $"measure {e.Measure} of case {e.CaseNumber} is already under verification");
        }

        // 四(二)3 信息核实: starting verification of a measure (or of all) is how the court takes up the objections to it.
        var objections = current.Objections.Select(o => o.IsOpen && (e.Measure is null || o.Measure == e.Measure) ? o with { TakenUpOn = e.On } : o);
        return Accept(
            current with { Suspensions = current.Suspensions.Add(new Suspension(e.Measure, e.On)), Objections = [.. objections] },
            e,
            e.Measure);
    }

    private static LifecycleResult CloseVerification(Listing? current, CourtEvent e)
    {
        if (current is not { Status: ListingStatus.Listed })
        {
            return NotListed(e);
        }

        if (e.Outcome is not { } outcome)
        {
            return LifecycleResult.Reject("verification_closed needs an outcome");
        }

        var closing = e.Measure is null
            ? current.Suspensions
            : current.Suspensions.Where(s => s.Measure == e.Measure).ToImmutableArray();
        if (closing.IsEmpty)
        {
            return LifecycleResult.Reject(e.Measure is null
                ? $"case {e.CaseNumber} has no open verification"
                : $"measure {e.Measure} of case {e.CaseNumber} has no open verification");
        }

        var remaining = current with { Suspensions = current.Suspensions.RemoveRange(closing) };
        return outcome == VerificationOutcome.Revoked
            ? Accept(LiftWrongful(remaining), e, e.Reason)
            : Accept(remaining, e, e.Reason);
    }

    private static LifecycleResult Delist(Listing? current, CourtEvent e, ListingStatus status)
    {
        if (current is not { Status: ListingStatus.Listed })
        {
            return NotListed(e);
        }

        return Accept(
            current with { Status = status, Suspensions = [], CorrectionRequestedOn = null, PerformedOn = null },
            e,
            e.Reason);
    }

    private static LifecycleResult Retain(Listing? current, CourtEvent e)
    {
        if (current is null || current.Status == ListingStatus.RiskNotice || current.Wrongful)
        {
            return LifecycleResult.Reject($"case {e.CaseNumber} has no listing a measure could be retained from");
        }

        if (e.Measure is not { } measure || e.Until is not { } until || string.IsNullOrWhiteSpace(e.Basis))
        {
            return LifecycleResult.Reject("retained needs measure, until and basis");
        }

        if (until < e.On)
        {
            return LifecycleResult.Reject($"until ({until:yyyy-MM-dd}) is before the event date ({e.On:yyyy-MM-dd})");
        }

        var retentions = current.Retentions.RemoveAll(r => r.Measure == measure).Add(new Retention(measure, until, e.Basis, e.On));
        return Accept(current with { Retentions = retentions }, e, $"{measure} until {until:yyyy-MM-dd}");
    }

    private static LifecycleResult Perform(Listing? current, CourtEvent e)
    {
        if (current is not { Status: ListingStatus.Listed })
        {
            return NotListed(e);
        }

        return current.PerformedOn is not null
            ? LifecycleResult.Reject($"performance of case {e.CaseNumber} is already recorded")
            : Accept(current with { PerformedOn = e.On }, e, null);
    }

    /// <summary>The listing was wrong (四(二)3, 四(二)4): revoke it and lift everything, retention included.</summary>
    private static Listing LiftWrongful(Listing listing) =>
        listing with
        {
            Status = ListingStatus.Revoked,
            Wrongful = true,
            Suspensions = [],
            Retentions = [],
            CorrectionRequestedOn = null,
            PerformedOn = null,
        };

    private static string? OutOfBounds(CourtEvent e)
    {
        foreach (var (field, date) in (ReadOnlySpan<(string, DateOnly?)>)[("on", e.On), ("listedOn", e.ListedOn), ("servedOn", e.ServedOn), ("until", e.Until)])
        {
            if (date is { } d && CourtDates.Check(d) is { } error)
            {
                return $"{field} {error}";
            }
        }

        return null;
    }

    /// <summary>
    /// 四(二)3 "由相关单位告知其向执行法院提出": an agency refers the debtor's objection to a measure to the court of every
    /// case in force. Not a court event: it neither changes the case's status nor its version (officers' copies).
    /// </summary>
    /// <returns>The listing with the objection added, or null when the case is not in force.</returns>
    public static Listing? ReceiveObjection(Listing listing, Objection objection)
    {
        ArgumentNullException.ThrowIfNull(listing);
        return listing.Status == ListingStatus.Listed ? listing with { Objections = listing.Objections.Add(objection) } : null;
    }

    private static LifecycleResult NotListed(CourtEvent e) =>
        LifecycleResult.Reject($"case {e.CaseNumber} is not listed for this subject");

    private static LifecycleResult Accept(Listing next, CourtEvent e, string? note) =>
        LifecycleResult.Accept(next with
        {
            Version = next.Version + 1,
            History = next.History.Add(new StatusChange(e.Type, e.On, e.EventId, next.Status, note)),
        });
}
