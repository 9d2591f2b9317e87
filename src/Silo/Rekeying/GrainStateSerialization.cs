using JointPunishment.Grains.Interfaces.Model;
using JointPunishment.Grains.Subjects;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;
using Orleans.Storage;

namespace JointPunishment.Silo.Rekeying;

/// <summary>
/// The serializer the silo's grain storage wraps (Orleans' binary format with the codecs generated for the grains' state
/// types, keyed by [Id] and [Alias]), outside a silo: what a tool needs to read and write grain states unchanged.
/// </summary>
public static class GrainStateSerialization
{
    public static IServiceCollection AddGrainStateSerializer(this IServiceCollection services) =>
        services.AddSerializer(s => s.AddAssembly(typeof(SubjectState).Assembly).AddAssembly(typeof(SubjectRef).Assembly));

    /// <summary>The storage serializer over the registered one, as <c>AddJointPunishmentSilo</c> gives the ADO.NET provider (before encryption).</summary>
    public static IGrainStorageSerializer GrainStateSerializer(this IServiceProvider services) =>
        new OrleansGrainStorageSerializer(services.GetRequiredService<Serializer>());
}
