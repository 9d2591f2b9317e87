using JointPunishment.Grains.Checks;
using JointPunishment.Grains.Interfaces.Model;
using JointPunishment.Grains.Keys;
using Microsoft.Extensions.Options;

namespace JointPunishment.Unit.Tests.Checks;

public sealed class CheckIdsTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 27, 8, 30, 15, 123, TimeSpan.Zero);
    private readonly CheckIds _ids = new(Options.Create(new SubjectKeyOptions { Secret = "unit-test-secret-0123456789" }));

    [Theory]
    [InlineData(Decision.Allow)]
    [InlineData(Decision.Flag)]
    [InlineData(Decision.Limit)]
    [InlineData(Decision.Review)]
    [InlineData(Decision.Block)]
    public void Issue_ThenVerifyForTheSameAgency_ReturnsItsDecisionAndTime(Decision decision)
    {
        var id = _ids.Issue("rail", decision, At);

        Assert.True(_ids.TryVerify(id, "rail", out var verified, out var at));
        Assert.Equal(decision, verified);
        Assert.Equal(At, at);
        Assert.Equal(7, id.Version);
    }

    [Fact]
    public void Issue_ManyInTheSameMillisecond_GivesDistinctIdsThatAllVerify()
    {
        var ids = Enumerable.Range(0, 10_000).Select(_ => _ids.Issue("rail", Decision.Allow, At)).ToList();

        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.All(ids, id => Assert.True(_ids.TryVerify(id, "rail", out _, out _)));
    }

    [Fact]
    public void Verify_WithTheSequenceAltered_Fails()
    {
        var bytes = _ids.Issue("rail", Decision.Block, At).ToByteArray(bigEndian: true);
        bytes[7] ^= 0x01;

        Assert.False(_ids.TryVerify(new Guid(bytes, bigEndian: true), "rail", out _, out _));
    }

    [Fact]
    public void Verify_ForAnotherAgency_Fails()
    {
        var id = _ids.Issue("rail", Decision.Block, At);

        Assert.False(_ids.TryVerify(id, "hotel", out _, out _));
    }

    [Fact]
    public void Verify_WithTheDecisionAltered_Fails()
    {
        var bytes = _ids.Issue("rail", Decision.Block, At).ToByteArray(bigEndian: true);
        bytes[6] = (byte)(0x70 | (int)Decision.Allow);

        Assert.False(_ids.TryVerify(new Guid(bytes, bigEndian: true), "rail", out _, out _));
    }

    [Fact]
    public void Verify_UnderAnotherDeploymentSecret_Fails()
    {
        var other = new CheckIds(Options.Create(new SubjectKeyOptions { Secret = "another-secret-0123456789" }));

        Assert.False(other.TryVerify(_ids.Issue("rail", Decision.Allow, At), "rail", out _, out _));
    }

    [Fact]
    public void Verify_ARandomUuid_Fails()
    {
        Assert.False(_ids.TryVerify(Guid.CreateVersion7(), "rail", out _, out _));
    }

    [Theory]
    [InlineData("F193a5b2-7c4d-7e00-8000-000000000000")] // what a fuzzed feedback request sent (a 500 before)
    [InlineData("ffffffff-ffff-7000-8000-000000000000")]
    public void Verify_AnIdWhoseTimeIsPastYear9999_FailsWithoutThrowing(string checkId)
    {
        Assert.False(_ids.TryVerify(Guid.Parse(checkId), "rail", out _, out _));
    }

    [Fact]
    public void IssueMany_GivesDistinctIdsThatVerifyForTheirAgencyOnly()
    {
        var ids = _ids.IssueMany("rail", Decision.Allow, At, 10_000);

        Assert.Equal(10_000, ids.Distinct().Count());
        Assert.All(ids, id =>
        {
            Assert.True(_ids.TryVerify(id, "rail", out var decision, out var at));
            Assert.Equal((Decision.Allow, At), (decision, at));
            Assert.False(_ids.TryVerify(id, "hotel", out _, out _));
        });
    }

    [Fact]
    public void IssueMany_WithTheSequenceOrDecisionAltered_FailsToVerify()
    {
        var id = _ids.IssueMany("rail", Decision.Allow, At, 3)[1];
        var sequence = id.ToByteArray(bigEndian: true);
        sequence[9] ^= 0x01;
        var decision = id.ToByteArray(bigEndian: true);
        decision[6] = (byte)(0x70 | (int)Decision.Block);

        Assert.False(_ids.TryVerify(new Guid(sequence, bigEndian: true), "rail", out _, out _));
        Assert.False(_ids.TryVerify(new Guid(decision, bigEndian: true), "rail", out _, out _));
    }

    [Fact]
    public void IssueMany_AndIssue_InTheSameMillisecond_NeverRepeatAnId()
    {
        var ids = new List<Guid>();
        for (var i = 0; i < 100; i++)
        {
            ids.AddRange(_ids.IssueMany("rail", Decision.Allow, At, 50));
            ids.Add(_ids.Issue("rail", Decision.Allow, At));
        }

        Assert.Equal(ids.Count, ids.Distinct().Count());
    }
}
