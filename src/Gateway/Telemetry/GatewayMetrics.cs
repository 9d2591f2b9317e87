using System.Diagnostics.Metrics;
using JointPunishment.Gateway.Wire;
using JointPunishment.Grains.Domain;
using JointPunishment.Grains.Interfaces.Checks;
using JointPunishment.Grains.Interfaces.Model;

namespace JointPunishment.Gateway.Telemetry;

/// <summary>
/// The gateway's own figures, exported at <c>GET /metrics</c> with the prefix <c>jp_</c>. Labels carry codes
/// (agency, measure, decision, event type, status) and never a subject, a key or a case number.
/// </summary>
public sealed class GatewayMetrics
{
    public const string MeterName = "JointPunishment.Gateway";

    private static readonly double[] SecondsBuckets = [0.0005, 0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
    private static readonly double[] DaysBuckets = [0, 1, 2, 3, 7, 14, 30, 60, 90, 180, 365, 730, 1825];

    private readonly Counter<long> _checks;
    private readonly Histogram<double> _checkDuration;
    private readonly Counter<long> _courtEvents;
    private readonly Histogram<double> _courtEventLag;
    private readonly Counter<long> _keyLookups;
    private readonly TimeProvider _time;

    public GatewayMetrics(IMeterFactory meters, TimeProvider time)
    {
        _time = time;
        var meter = meters.Create(MeterName);
        _checks = meter.CreateCounter<long>("jp_checks", "{check}",
            "Checks answered over HTTP, by agency, measure and decision (forbidden and invalid for refusals); a batch counts each subject.");
        _checkDuration = meter.CreateHistogram("jp_check_duration", "s",
            "Time from a check request's arrival to its answer at the gateway, by kind (single or batch).",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = SecondsBuckets });
        _courtEvents = meter.CreateCounter<long>("jp_court_events", "{event}",
            "Court events received, by type and status (applied, duplicate, rejected); type is invalid when the event could not be read.");
        _courtEventLag = meter.CreateHistogram("jp_court_event_lag", "d",
            "Import lag: days from a court event's date (on) to the platform applying it, by type.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = DaysBuckets });
        _keyLookups = meter.CreateCounter<long>("jp_key_lookups", "{key}",
            "Agency and court keys verified, by source (cluster: a grain call; cache: this gateway's memory) and result (accepted, refused).");
    }

    /// <summary>Counts one verified key: <paramref name="fromCluster"/> when it cost a grain call.</summary>
    public void KeyLookedUp(bool fromCluster, bool accepted) =>
        _keyLookups.Add(1, new KeyValuePair<string, object?>("source", fromCluster ? "cluster" : "cache"),
            new KeyValuePair<string, object?>("result", accepted ? "accepted" : "refused"));

    /// <summary>
    /// The timestamp to pass to <see cref="Checked"/> or <see cref="CheckedBatch"/> when the answer is ready: the request's
    /// arrival (<see cref="RequestArrival"/>), so the latency counts reading and binding its body; now if it was not marked.
    /// </summary>
    public long Start(HttpContext http) => http.Features.Get<RequestArrival>()?.Timestamp ?? _time.GetTimestamp();

    /// <summary>Counts one answered check and its latency; returns <paramref name="outcome"/> unchanged.</summary>
    public CheckOutcome Checked(string agency, string measure, CheckOutcome outcome, long started)
    {
        _checks.Add(1, Tags(agency, measure, DecisionOf(outcome)));
        _checkDuration.Record(_time.GetElapsedTime(started).TotalSeconds, new KeyValuePair<string, object?>("kind", "single"));
        return outcome;
    }

    /// <summary>Counts every subject of an answered batch by decision, and the batch's latency; returns <paramref name="outcome"/>.</summary>
    public BatchCheckOutcome CheckedBatch(string agency, string measure, BatchCheckOutcome outcome, long started)
    {
        if (outcome.Refusal is { } refusal)
        {
            _checks.Add(1, Tags(agency, measure, DecisionOf(refusal)));
        }

        foreach (var group in outcome.Results.GroupBy(DecisionOf))
        {
            _checks.Add(group.Count(), Tags(agency, measure, group.Key));
        }

        _checkDuration.Record(_time.GetElapsedTime(started).TotalSeconds, new KeyValuePair<string, object?>("kind", "batch"));
        return outcome;
    }

    /// <summary>An event the gateway could not read (rejected before reaching a subject).</summary>
    public void CourtEventUnread() =>
        _courtEvents.Add(1, new KeyValuePair<string, object?>("type", "invalid"), new KeyValuePair<string, object?>("status", "rejected"));

    /// <summary>An event a subject grain answered; an applied one also records its import lag.</summary>
    public void CourtEventAnswered(CourtEvent e, EventStatus status)
    {
        var type = WireNames.Of(e.Type);
        _courtEvents.Add(1, new KeyValuePair<string, object?>("type", type), new KeyValuePair<string, object?>("status", WireNames.Of(status)));
        if (status == EventStatus.Applied)
        {
            var lag = _time.Today().DayNumber - e.On.DayNumber;
            _courtEventLag.Record(Math.Max(lag, 0), new KeyValuePair<string, object?>("type", type));
        }
    }

    private static string DecisionOf(CheckOutcome outcome) => outcome switch
    {
        { Result: { } result } => WireNames.Of(result.Decision),
        { Error: CheckError.Forbidden } => "forbidden",
        _ => "invalid",
    };

    private static System.Diagnostics.TagList Tags(string agency, string measure, string decision) =>
        new() { { "agency", agency }, { "measure", measure }, { "decision", decision } };
}
