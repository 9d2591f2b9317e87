namespace JointPunishment.Client.Json;

/// <summary><c>POST /v1/checks/batch</c>.</summary>
internal sealed record BatchCheckBody(string Measure, IReadOnlyList<Subject> Subjects);

/// <summary>The batch answer, one entry per subject in input order.</summary>
internal sealed record BatchCheckResponse(IReadOnlyList<BatchCheckResult> Results);

/// <summary><c>POST /v1/feedback</c>.</summary>
internal sealed record FeedbackBody(string CheckId, FeedbackOutcome Outcome);

/// <summary><c>POST /v1/objections</c>.</summary>
internal sealed record ObjectionBody(Subject Subject, string Measure, string Reason);

/// <summary><c>POST /v1/credit-repair</c>.</summary>
internal sealed record CreditRepairBody(Subject Subject, CreditRepairDecision Decision, string? Note);

/// <summary><c>POST /v1/watchlists/{name}/members</c>.</summary>
internal sealed record WatchlistBody(string Measure, IReadOnlyList<WatchlistMember>? Add, IReadOnlyList<string>? Remove);

/// <summary><c>PUT /v1/alerts/webhook</c>.</summary>
internal sealed record WebhookBody(Uri Url, string Secret);
