using System.Collections.Immutable;
using JointPunishment.Grains.Interfaces.Model;

namespace JointPunishment.Grains.Interfaces.Subjects;

/// <summary>
/// Applies one court request's events (<c>POST /v1/court/events</c>), grouped by subject: the subjects no court has
/// named on this node yet written together in one transaction, the others through their grains (<see cref="ISubjectGrain.ApplyAsync"/>),
/// different subjects at the same time. A stateless worker on every silo; the platform's callers only.
/// </summary>
public interface ICourtEventsGrain : IGrainWithIntegerKey
{
    /// <summary>
    /// Each subject's outcomes, in the order given, as its grain's <see cref="ISubjectGrain.ApplyAsync"/> answers them;
    /// every applied event is durable when this returns.
    /// </summary>
    Task<ImmutableArray<ImmutableArray<EventOutcome>>> ApplyAsync(ImmutableArray<SubjectEvents> subjects);
}

/// <summary>One subject's events of a court's request, in the order sent; <see cref="SubjectKey"/> is its grain's key.</summary>
[GenerateSerializer, Immutable, Alias("jp.SubjectEvents")]
public sealed record SubjectEvents([property: Id(0)] string SubjectKey, [property: Id(1)] ImmutableArray<CourtEvent> Events);
