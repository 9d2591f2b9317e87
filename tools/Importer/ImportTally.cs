using JointPunishment.Importer.Http;
using JointPunishment.Importer.Input;
using JointPunishment.Importer.State;

namespace JointPunishment.Importer;

/// <summary>
/// What the run has done so far, shared by the batches in flight and the progress display. Updated once
/// per answered batch, under one lock.
/// </summary>
public sealed class ImportTally(long resumedAfterLine, long resumedAtByte)
{
    /// <summary>How many rejections and invalid records the summary lists: the ones on the lowest lines.</summary>
    public const int Listed = 20;

    private readonly Lock _lock = new();
    private readonly ContiguousProgress _progress = new(resumedAfterLine, resumedAtByte);
    private readonly List<Rejection> _rejections = [];
    private readonly List<Rejection> _invalid = [];
    private long _sent;
    private long _applied;
    private long _duplicate;
    private long _rejected;
    private long _invalidCount;

    public long ResumedAfterLine { get; } = resumedAfterLine;

    /// <summary>A consistent copy of the counters.</summary>
    public ImportTallySnapshot Snapshot()
    {
        lock (_lock)
        {
            return new ImportTallySnapshot(_sent, _applied, _duplicate, _rejected, _invalidCount, _progress.Line, _progress.Byte, [.. _rejections], [.. _invalid]);
        }
    }

    /// <summary>
    /// Records a finished batch and its results (none for a batch of invalid records only); returns the new
    /// done position when it moved, for the state file.
    /// </summary>
    public long? Complete(EventBatch batch, IReadOnlyList<EventResult> results)
    {
        lock (_lock)
        {
            _sent += results.Count;
            for (var i = 0; i < results.Count; i++)
            {
                switch (results[i].Status)
                {
                    case "applied":
                        _applied++;
                        break;
                    case "duplicate":
                        _duplicate++;
                        break;
                    default:
                        _rejected++;
                        var error = results[i].Status == "rejected" ? results[i].Error : $"unexpected status '{results[i].Status}': {results[i].Error}";
                        KeepLowest(_rejections, new Rejection(batch.Events[i].Line, results[i].EventId, error));
                        break;
                }
            }

            _invalidCount += batch.Invalid.Count;
            foreach (var invalid in batch.Invalid)
            {
                KeepLowest(_invalid, new Rejection(invalid.Line, null, invalid.Error));
            }

            return _progress.Complete(batch.Sequence, batch.LastLine, batch.EndByte) ? _progress.Line : null;
        }
    }

    private static void KeepLowest(List<Rejection> list, Rejection item)
    {
        if (list.Count == Listed && item.Line >= list[^1].Line)
        {
            return;
        }

        var at = list.FindIndex(r => r.Line > item.Line);
        list.Insert(at < 0 ? list.Count : at, item);
        if (list.Count > Listed)
        {
            list.RemoveAt(list.Count - 1);
        }
    }
}
