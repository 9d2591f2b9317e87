using JointPunishment.Importer.State;
using JointPunishment.Importer.Tests.Fakes;

namespace JointPunishment.Importer.Tests;

public sealed class StateFileTests
{
    [Fact]
    public void SaveThenLoad_RoundTripsAndLeavesNoTemporaryFile()
    {
        using var folder = new TempFolder();
        var input = folder.Write("events.jsonl", Events.Lines(3));
        var file = new StateFile(StateFile.DefaultPathFor(input));
        var (length, hash) = StateFile.Fingerprint(input);
        var state = new ImportState(input, length, hash, 2, new DateTimeOffset(2025, 1, 2, 3, 4, 5, TimeSpan.Zero));

        file.Save(state);
        file.Save(state with { Line = 3 });

        Assert.Equal(state with { Line = 3 }, file.Load());
        Assert.Equal([input, input + ".import-state"], Directory.GetFiles(folder.Path).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Load_NoFile_IsNull()
    {
        using var folder = new TempFolder();

        Assert.Null(new StateFile(Path.Combine(folder.Path, "none.import-state")).Load());
    }

    [Fact]
    public void Matches_FileThatOnlyGrew_IsTrueAndEditedFile_IsFalse()
    {
        using var folder = new TempFolder();
        var input = folder.Write("events.jsonl", Events.Lines(3));
        var (length, hash) = StateFile.Fingerprint(input);
        var state = new ImportState(input, length, hash, 3, DateTimeOffset.UtcNow);

        File.AppendAllText(input, Events.Line("e4") + "\n");
        Assert.True(StateFile.Matches(state, input));

        File.WriteAllText(input, Events.Lines(4, prefix: "x"));
        Assert.False(StateFile.Matches(state, input));
    }

    [Fact]
    public void Load_Garbage_TellsHowToRecover()
    {
        using var folder = new TempFolder();
        var path = folder.Write("events.jsonl.import-state", "{ not json");

        var e = Assert.Throws<InvalidDataException>(() => new StateFile(path).Load());

        Assert.Contains("--restart", e.Message, StringComparison.Ordinal);
    }
}
