using System.Text;
using JointPunishment.Importer.Input;

namespace JointPunishment.Importer.Tests;

public sealed class BatcherTests
{
    [Theory]
    [InlineData(2500, 1000, new[] { 1000, 1000, 500 })]
    [InlineData(2000, 1000, new[] { 1000, 1000 })]
    [InlineData(7, 3, new[] { 3, 3, 1 })]
    [InlineData(1, 1000, new[] { 1 })]
    [InlineData(0, 1000, new int[0])]
    public async Task Batch_Events_SplitsIntoBatchesOfTheSize(int events, int size, int[] expected)
    {
        var batches = await Batcher.BatchAsync(Records(Enumerable.Range(1, events).Select(Event)), size).ToListAsync();

        Assert.Equal(expected, batches.Select(b => b.Events.Count));
        Assert.Equal(Enumerable.Range(0, expected.Length).Select(i => (long)i), batches.Select(b => b.Sequence));
        Assert.Equal(expected.Select((_, i) => ((long)(i * size) + 1, (long)Math.Min((i + 1) * size, events))), batches.Select(b => (b.FirstLine, b.LastLine)));
    }

    [Fact]
    public async Task Batch_InvalidRecords_TravelWithTheNextEventsAndATrailingRunIsABatchOfItsOwn()
    {
        var records = new[] { Event(1), Invalid(2), Event(3), Event(4), Invalid(5), Invalid(6) };

        var batches = await Batcher.BatchAsync(Records(records), 2).ToListAsync();

        Assert.Equal([(1L, 3L, 2, 1), (4L, 6L, 1, 2)], batches.Select(b => (b.FirstLine, b.LastLine, b.Events.Count, b.Invalid.Count)));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1001)]
    public async Task Batch_SizeOutsideTheContract_Throws(int size)
    {
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Batcher.BatchAsync(Records([Event(1)]), size).ToListAsync().AsTask());
    }

    private static SourceRecord Event(int line) => SourceRecord.Event(line, line * 10L, Encoding.UTF8.GetBytes($$"""{"eventId":"e{{line}}"}"""));

    private static SourceRecord Invalid(int line) => SourceRecord.Invalid(line, line * 10L, "not a JSON object");

    private static async IAsyncEnumerable<SourceRecord> Records(IEnumerable<SourceRecord> records)
    {
        foreach (var record in records)
        {
            await Task.Yield();
            yield return record;
        }
    }
}
