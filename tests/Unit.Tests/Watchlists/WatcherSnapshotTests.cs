using JointPunishment.Grains.Interfaces.Model;
using JointPunishment.Grains.Subjects;
using JointPunishment.Storage;
using Npgsql;

namespace JointPunishment.Unit.Tests.Watchlists;

/// <summary>
/// A subject projected again only for its watchers (a member added, a retention running out) costs the watchlist
/// statement alone: the projections of the subject's own state already hold it.
/// </summary>
public sealed class WatcherSnapshotTests
{
    private static readonly SubjectRef Person = new(IdType.ResidentId, "110105199003071239", "李四");

    [Fact]
    public void CommandsFor_SnapshotForWatchers_GoesOnlyToProjectionsThatServeWatchers()
    {
        var changed = new SubjectSnapshot("subj:changed", 2, Person, [], []);
        var forWatchers = new SubjectSnapshot("subj:watched", 1, Person, [], []) { ForWatchers = true };

        var commands = PostgresSubjectProjections.CommandsFor([new Naming("public"), new Naming("watch", servesWatchers: true)], [changed, forWatchers])
            .Select(c => c.CommandText)
            .ToArray();

        Assert.Equal(["public subj:changed", "watch subj:changed", "watch subj:watched"], commands);
    }

    /// <summary>One statement per snapshot whose text names the projection and the subject.</summary>
    private sealed class Naming(string name, bool servesWatchers = false) : IPostgresSubjectProjection
    {
        public bool ServesWatchers => servesWatchers;

        public IEnumerable<NpgsqlBatchCommand> Commands(SubjectSnapshot snapshot) => [new NpgsqlBatchCommand($"{name} {snapshot.SubjectKey}")];
    }
}
