using JointPunishment.Grains.Interfaces.Subjects;

namespace JointPunishment.Grains.Tests;

public sealed class OfficerDeliveryFaultFilter(OfficerDeliveryFault fault) : IIncomingGrainCallFilter
{
    public Task Invoke(IIncomingGrainCallContext context)
    {
        if (fault.Failing && context.InterfaceMethod.Name == nameof(ISubjectGrain.ApplyOfficerLinkAsync))
        {
            throw new TimeoutException("injected: officer silo unreachable");
        }

        return context.Invoke();
    }
}
