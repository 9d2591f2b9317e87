using System.Diagnostics.Metrics;
using JointPunishment.Grains.Checks;
using JointPunishment.Grains.Interfaces.Model;

namespace JointPunishment.Grains.Diagnostics;

/// <summary>
/// A silo's own figures (exported on <c>Silo:MetricsPort</c> and over OTLP) with the prefix <c>jp_</c>. Labels carry
/// codes only, never a subject, a key or a case number.
/// </summary>
public sealed class SiloMetrics
{
    public const string MeterName = "JointPunishment.Silo";

    private static readonly double[] SecondsBuckets = [0.0005, 0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.25, 0.5, 1, 2, 3, 5, 10];
    private static readonly string[] DecisionNames = [.. Enum.GetValues<Decision>().Select(d => d.ToString().ToLowerInvariant())];

    private readonly Counter<long> _checks;
    private readonly Histogram<double> _indexPublish;

    public SiloMetrics(IMeterFactory meters, LocalIndexReplica? replica = null)
    {
        var meter = meters.Create(MeterName);
        _checks = meter.CreateCounter<long>("jp_checks_recorded", "{check}",
            "Checks this silo decided and recorded (HTTP and agencies' own Orleans clients), by agency, measure and decision.");
        _indexPublish = meter.CreateHistogram("jp_index_publish_duration", "s",
            "Freshness lag: from a named subject reaching its index shard to every silo's copy holding it (checks see it from then; the court is answered after).",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = SecondsBuckets });
        if (replica is not null)
        {
            meter.CreateObservableGauge("jp_index_copies_lapsed", replica.LapsedShards, "{shard}",
                "Shards whose copy on this silo has no current lease: checks for them ask the shard grain (0 when healthy).");
        }
    }

    public void CheckRecorded(in CheckRecord record) => CountChecks(record.Agency, record.Measure, record.Decision, 1);

    public void ChecksAllowed(string agency, string measure, int count) => CountChecks(agency, measure, Decision.Allow, count);

    public void IndexPublished(TimeSpan elapsed) => _indexPublish.Record(elapsed.TotalSeconds);

    private void CountChecks(string agency, string measure, Decision decision, int count) =>
        _checks.Add(count, new System.Diagnostics.TagList { { "agency", agency }, { "measure", measure }, { "decision", DecisionNames[(int)decision] } });
}
