namespace JointPunishment.Client;

/// <summary>
/// A court's request for assistance to an agency (<c>POST /v1/assistance</c> by the court). The contract fixes the fields
/// the court sends and the <c>id</c> and <c>dueOn</c> it is given; <see cref="Court"/>, <see cref="Status"/> and
/// <see cref="Answer"/> are read when the gateway sends them and are null otherwise.
/// </summary>
/// <param name="Id">The request's id, for <see cref="JointPunishmentClient.AnswerAssistanceAsync"/>.</param>
/// <param name="CaseNumber">The case the request is made in.</param>
/// <param name="Agency">The code of the agency asked.</param>
/// <param name="Kind">What is asked.</param>
/// <param name="Subject">Who it is about.</param>
/// <param name="Detail">The court's detail, if any.</param>
/// <param name="DueOn">The date (China Standard Time) by which the agency must answer.</param>
public sealed record AssistanceRequest(string Id, string CaseNumber, string Agency, AssistanceKind Kind, Subject Subject, string? Detail, DateOnly DueOn)
{
    /// <summary>The asking court's code, when the gateway sends it.</summary>
    public string? Court { get; init; }

    /// <summary>Whether the request is answered, when the gateway sends it.</summary>
    public AssistanceStatus? Status { get; init; }

    /// <summary>The agency's answer once given, when the gateway sends it.</summary>
    public AssistanceAnswer? Answer { get; init; }
}
