using JointPunishment.Grains;
using JointPunishment.Grains.Checks;
using JointPunishment.Grains.Keys;
using JointPunishment.Grains.Subjects;
using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;

namespace JointPunishment.Grains.Tests;

/// <summary>An in-process cluster running the real grains; storage and reminders are Orleans' in-memory providers.</summary>
public sealed class ClusterFixture : IAsyncLifetime
{
    public const string SubjectKey = "grain-tests-subject-key-0123456789";

    public InProcessTestCluster Cluster { get; private set; } = null!;

    public IClusterClient Client => Cluster.Client;

    public SubjectKeys Keys { get; } = new(Microsoft.Extensions.Options.Options.Create(new SubjectKeyOptions { Secret = SubjectKey }));

    /// <summary>The index's store; it exists before the cluster, so a test can give it what a predecessor left, or share it with another cluster.</summary>
    public InMemoryRestrictedSubjectStore Index { get; init; } = new();

    /// <summary>The silo's time, when a test steps it; the system's otherwise.</summary>
    public TimeProvider? Time { get; init; }

    /// <summary>Whether the silo keeps a copy of the index (<see cref="LocalIndexReplica"/>) following every shard.</summary>
    public bool FollowIndex { get; init; } = true;

    public RecordingProjection Projection => Cluster.Silos[0].SiloHost.Services.GetRequiredService<RecordingProjection>();

    public OfficerDeliveryFault Fault => Cluster.Silos[0].SiloHost.Services.GetRequiredService<OfficerDeliveryFault>();

    /// <summary>The test client's calls to the check grains.</summary>
    public CheckCallRecorder CheckCalls { get; } = new();

    public CountingReminderTable Reminders => Cluster.Silos[0].SiloHost.Services.GetRequiredService<CountingReminderTable>();

    public async Task InitializeAsync()
    {
        var builder = new InProcessTestClusterBuilder(1);
        builder.ConfigureSilo((_, silo) =>
        {
            silo.AddMemoryGrainStorage(StorageNames.Main);
            silo.UseInMemoryReminderService();
            // Orleans registers its (internal) in-memory table under IReminderTable; the counter wraps whatever that gives.
            var memoryTable = silo.Services.Last(d => d.ServiceType == typeof(IReminderTable)).ImplementationFactory!;
            silo.Services.AddSingleton(sp => new CountingReminderTable((IReminderTable)memoryTable(sp)));
            silo.Services.AddSingleton<IReminderTable>(sp => sp.GetRequiredService<CountingReminderTable>());
            silo.AddIncomingGrainCallFilter<OfficerDeliveryFaultFilter>();
            silo.Services.AddSingleton<OfficerDeliveryFault>();
            // The grains' services as a real silo has them; the shards are activated by the tests, not warmed up.
            silo.AddJointPunishmentGrains(o => (o.FollowIndex, o.WarmUpIndex) = (FollowIndex, false));
            silo.Services.Configure<SubjectKeyOptions>(o => o.Secret = SubjectKey);
            if (Time is not null)
            {
                silo.Services.AddSingleton(Time);
            }
            silo.Services.AddSingleton<RecordingProjection>();
            silo.Services.AddSingleton<ISubjectProjection>(sp => sp.GetRequiredService<RecordingProjection>());
            silo.Services.AddSingleton<ICheckRecorder, NoCheckRecords>();
            silo.Services.AddSingleton(Index);
            silo.Services.AddSingleton<IRestrictedSubjectStore>(sp => sp.GetRequiredService<InMemoryRestrictedSubjectStore>());
        });
        builder.ConfigureClient(client => client.AddOutgoingGrainCallFilter(CheckCalls));
        Cluster = builder.Build();
        await Cluster.DeployAsync();
    }

    public async Task DisposeAsync() => await Cluster.DisposeAsync();
}

[CollectionDefinition(Name)]
public sealed class ClusterCollection : ICollectionFixture<ClusterFixture>
{
    public const string Name = "cluster";
}
