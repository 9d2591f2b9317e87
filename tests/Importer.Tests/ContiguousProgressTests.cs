using JointPunishment.Importer.State;

namespace JointPunishment.Importer.Tests;

public sealed class ContiguousProgressTests
{
    [Fact]
    public void Complete_OutOfOrder_AdvancesOnlyOverAnUnbrokenRunFromTheStart()
    {
        var progress = new ContiguousProgress(startLine: 0);

        Assert.False(progress.Complete(1, 2000, 20));
        Assert.False(progress.Complete(3, 4000, 40));
        Assert.Equal(0, progress.Line);

        Assert.True(progress.Complete(0, 1000, 10));
        Assert.Equal((2000L, 20L), (progress.Line, progress.Byte));

        Assert.True(progress.Complete(2, 3000, 30));
        Assert.Equal((4000L, 40L), (progress.Line, progress.Byte));
    }

    [Fact]
    public void Complete_AfterResume_StartsFromTheResumedLine()
    {
        var progress = new ContiguousProgress(startLine: 700);

        Assert.Equal(700, progress.Line);
        Assert.True(progress.Complete(0, 1700, 0));
        Assert.Equal(1700, progress.Line);
    }

    [Fact]
    public void Complete_SameBatchTwice_Throws()
    {
        var progress = new ContiguousProgress(0);
        progress.Complete(0, 10, 0);

        Assert.Throws<InvalidOperationException>(() => progress.Complete(0, 10, 0));
    }
}
