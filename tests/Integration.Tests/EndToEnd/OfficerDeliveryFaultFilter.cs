using JointPunishment.Grains.Interfaces.Subjects;

namespace JointPunishment.Integration.Tests.EndToEnd;

/// <summary>While <see cref="Failing"/>, a listed unit's update of its officers fails in the silo, as if the officer's silo were unreachable.</summary>
public sealed class OfficerDeliveryFaultFilter : IIncomingGrainCallFilter
{
    public volatile bool Failing;

    public Task Invoke(IIncomingGrainCallContext context) =>
        Failing && context.InterfaceMethod.Name == nameof(ISubjectGrain.ApplyOfficerLinkAsync)
            ? throw new TimeoutException("injected: officer silo unreachable")
            : context.Invoke();
}
