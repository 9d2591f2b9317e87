using System.Collections.Immutable;
using JointPunishment.Grains.Interfaces.Model;
using JointPunishment.Grains.Subjects;
using JointPunishment.Integration.Tests.Infrastructure;
using JointPunishment.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using static JointPunishment.Integration.Tests.Infrastructure.TestSnapshots;

namespace JointPunishment.Integration.Tests.Projections;

/// <summary>
/// The silo's projections answer whether they hold a subject's revision (so an activation need not project it again)
/// only when the batch that wrote every projection recorded it, and never for a subject they cannot vouch for.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class ProjectedRevisionTests(PostgresServer postgres)
{
    [Fact]
    public async Task TheProjections_HoldTheRevisionTheirLastBatchWrote_AndNoLaterOne()
    {
        await using var dataSource = await postgres.CreateMigratedDataSourceAsync("held");
        await using var services = new ServiceCollection()
            .AddSingleton(dataSource)
            .AddSingleton(TimeProvider.System)
            .AddSingleton<IConfiguration>(new ConfigurationBuilder().Build())
            .AddSubjectProjections()
            .BuildServiceProvider();
        var projections = services.GetRequiredService<ISubjectProjection>();

        Assert.False(await projections.HoldsAsync("subj:held", 1, CancellationToken.None));
        await projections.ProjectAsync(Snapshot("subj:held", 3, Listed()), CancellationToken.None);
        Assert.True(await projections.HoldsAsync("subj:held", 3, CancellationToken.None));
        Assert.True(await projections.HoldsAsync("subj:held", 2, CancellationToken.None));
        Assert.False(await projections.HoldsAsync("subj:held", 4, CancellationToken.None));

        // An officer's state has no listing of its own: nothing vouches for it, so its activations project it again.
        var officer = new SubjectSnapshot("subj:officer", 2, new SubjectRef(IdType.ResidentId, "110101199003071234", "并发"), [], ImmutableArray<OfficerLink>.Empty);
        await projections.ProjectAsync(officer, CancellationToken.None);
        Assert.False(await projections.HoldsAsync("subj:officer", 2, CancellationToken.None));
    }
}
