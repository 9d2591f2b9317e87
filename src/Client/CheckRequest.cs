namespace JointPunishment.Client;

/// <summary>One check (<c>POST /v1/checks</c>): may the agency perform an action for a subject under one of its measures?</summary>
/// <param name="Measure">A measure code of the catalogue that the agency holds, such as <c>consumption.rail</c>; another agency's measure is a 403.</param>
/// <param name="Subject">Who the action is for.</param>
public sealed record CheckRequest(string Measure, Subject Subject)
{
    /// <summary>For <c>consumption.rail</c>: the train and seat; without it the answer is for the measure as a whole.</summary>
    public RailAction? Action { get; init; }

    /// <summary>For <c>+A</c> measures: the applicant's legal representative, controllers, directors and the like (at most 100).</summary>
    public IReadOnlyList<RelatedPerson>? RelatedPersons { get; init; }
}
