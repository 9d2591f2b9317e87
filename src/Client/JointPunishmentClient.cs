using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using JointPunishment.Client.Http;
using JointPunishment.Client.Json;

namespace JointPunishment.Client;

/// <summary>
/// An agency's typed client of the JointPunishment gateway. Register it with
/// <c>services.AddJointPunishmentClient(o => { o.BaseAddress = …; o.ApiKey = …; })</c> and inject it.
/// </summary>
/// <remarks>
/// <para>
/// Every call runs through the standard resilience pipeline (rate limiter, total timeout, retry, circuit breaker,
/// attempt timeout). A call documented as <b>retried</b> is repeated after a transient failure (a lost connection,
/// 408, 429, 5xx, an attempt timing out), waiting as a Retry-After asks; a call documented as <b>not retried</b>
/// surfaces the failure, because repeating it could do its work twice.
/// </para>
/// <para>
/// A problem response from the gateway throws <see cref="JointPunishmentApiException"/>; a transport failure left after
/// the retries throws <see cref="HttpRequestException"/>, and a timeout Polly's <c>TimeoutRejectedException</c>.
/// </para>
/// </remarks>
/// <param name="http">The HttpClient the factory configured (base address, key, resilience).</param>
public sealed class JointPunishmentClient(HttpClient http)
{
    /// <summary>Subjects the gateway takes in one batch request; <see cref="CheckBatchAsync"/> splits longer inputs.</summary>
    public const int MaxBatchSize = 10_000;

    /// <summary>
    /// Checks one subject under one of the agency's measures (<c>POST /v1/checks</c>). <b>Retried</b>: a check changes
    /// nothing but its own record, so a repeat after a lost answer only adds a check the agency never saw.
    /// </summary>
    /// <param name="request">The measure, the subject and, where the measure needs them, the action and related persons.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The decision, the measures that apply and the check's id for feedback.</returns>
    /// <exception cref="JointPunishmentApiException">400 naming the invalid field, 401, or 403 for a measure the agency does not hold.</exception>
    public Task<CheckResult> CheckAsync(CheckRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return SendAsync(Post("v1/checks", request, ClientJsonContext.Default.CheckRequest, retried: true), ClientJsonContext.Default.CheckResult, cancellationToken);
    }

    /// <summary>
    /// Checks many subjects under one measure (<c>POST /v1/checks/batch</c>), sending at most <see cref="MaxBatchSize"/>
    /// a request, one request after another. <b>Retried</b>, per request, as <see cref="CheckAsync"/> is.
    /// </summary>
    /// <param name="measure">A measure code the agency holds.</param>
    /// <param name="subjects">The subjects; any number (none sends nothing).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>One result per subject, in input order; an invalid subject gets its own <see cref="BatchCheckResult.Error"/>.</returns>
    /// <exception cref="JointPunishmentApiException">400 for an unknown measure, 401, 403, or 429 once the retries are spent.</exception>
    public async Task<IReadOnlyList<BatchCheckResult>> CheckBatchAsync(string measure, IReadOnlyList<Subject> subjects, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(measure);
        ArgumentNullException.ThrowIfNull(subjects);
        var results = new List<BatchCheckResult>(subjects.Count);
        for (var offset = 0; offset < subjects.Count; offset += MaxBatchSize)
        {
            Subject[] chunk = [.. subjects.Skip(offset).Take(MaxBatchSize)];
            var response = await SendAsync(
                Post("v1/checks/batch", new BatchCheckBody(measure, chunk), ClientJsonContext.Default.BatchCheckBody, retried: true),
                ClientJsonContext.Default.BatchCheckResponse, cancellationToken).ConfigureAwait(false);
            // Order is the only link between a subject and its answer: a short or long answer would misattribute decisions.
            if (response.Results.Count != chunk.Length)
            {
                throw new JsonException($"The gateway answered {response.Results.Count} results for a batch of {chunk.Length} subjects.");
            }

            results.AddRange(response.Results);
        }

        return results;
    }

    /// <summary>
    /// Reports what the agency did on a check (<c>POST /v1/feedback</c>, 202). <b>Retried</b>: the first report on a
    /// check binds and is what the ledger counts; a repeated report is kept beside it, never over it.
    /// </summary>
    /// <param name="checkId">The id <see cref="CheckAsync"/> or <see cref="CheckBatchAsync"/> returned.</param>
    /// <param name="outcome">What the agency did.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <exception cref="JointPunishmentApiException">400 for a malformed id; 404 for a check this agency was not given.</exception>
    public async Task SendFeedbackAsync(string checkId, FeedbackOutcome outcome, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(checkId);
        using var response = await SendAsync(
            Post("v1/feedback", new FeedbackBody(checkId, outcome), ClientJsonContext.Default.FeedbackBody, retried: true), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Refers a subject's objection to one of the agency's measures to the courts of the subject's listings in force
    /// (<c>POST /v1/objections</c>, 四(二)3). <b>Not retried</b>: each request files a new objection.
    /// </summary>
    /// <param name="subject">Who objects.</param>
    /// <param name="measure">The measure objected to; one the agency holds.</param>
    /// <param name="reason">The objection (at most 2000 characters).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The objection's id and the cases it went to.</returns>
    /// <exception cref="JointPunishmentApiException">400, 403 for a measure the agency does not hold, 409 when the subject has no listing in force.</exception>
    public Task<ObjectionReferral> ReferObjectionAsync(Subject subject, string measure, string reason, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(subject);
        return SendAsync(
            Post("v1/objections", new ObjectionBody(subject, measure, reason), ClientJsonContext.Default.ObjectionBody, retried: false),
            ClientJsonContext.Default.ObjectionReferral, cancellationToken);
    }

    /// <summary>
    /// Records the agency's credit repair decision for a subject whose listings were all shielded or revoked
    /// (<c>POST /v1/credit-repair</c>, 四(二)6). <b>Not retried</b>: each accepted request is published again in the
    /// credit platform's feed.
    /// </summary>
    /// <param name="subject">The subject.</param>
    /// <param name="decision">Granted or denied.</param>
    /// <param name="note">A note for the court's subject view, optional (never in the credit platform's feed).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The decision as recorded.</returns>
    /// <exception cref="JointPunishmentApiException">404 for a subject never listed; 409 while a listing is in force.</exception>
    public Task<CreditRepairRecord> DecideCreditRepairAsync(Subject subject, CreditRepairDecision decision, string? note = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(subject);
        return SendAsync(
            Post("v1/credit-repair", new CreditRepairBody(subject, decision, note), ClientJsonContext.Default.CreditRepairBody, retried: false),
            ClientJsonContext.Default.CreditRepairRecord, cancellationToken);
    }

    /// <summary>
    /// Adds members to and removes them from one of the agency's watchlists (<c>POST /v1/watchlists/{name}/members</c>);
    /// <see cref="GetAlertsAsync"/> then reports their changes. <b>Retried</b>: members are keyed by the agency's own
    /// reference, so a repeat adds and removes the same members again.
    /// </summary>
    /// <param name="name">The watchlist's name.</param>
    /// <param name="measure">The measure the members are watched under; one the agency holds.</param>
    /// <param name="add">Members to add (at most 10,000).</param>
    /// <param name="remove">References of members to remove (at most 10,000).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>How many were added and removed.</returns>
    public Task<WatchlistChange> UpdateWatchlistAsync(
        string name, string measure, IReadOnlyList<WatchlistMember>? add = null, IReadOnlyList<string>? remove = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        return SendAsync(
            Post($"v1/watchlists/{Uri.EscapeDataString(name)}/members", new WatchlistBody(measure, add, remove), ClientJsonContext.Default.WatchlistBody, retried: true),
            ClientJsonContext.Default.WatchlistChange, cancellationToken);
    }

    /// <summary>
    /// Reads the agency's alert feed after a cursor (<c>GET /v1/alerts</c>): watchlist members whose decision changed
    /// between <c>allow</c> and anything else. <b>Retried</b>: a read.
    /// </summary>
    /// <param name="after">The <see cref="AlertPage.Next"/> of the previous page; null from the start.</param>
    /// <param name="limit">At most this many alerts; null for the gateway's default.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The alerts in order and the cursor to continue from.</returns>
    public Task<AlertPage> GetAlertsAsync(string? after = null, int? limit = null, CancellationToken cancellationToken = default) =>
        SendAsync(new HttpRequestMessage(HttpMethod.Get, "v1/alerts" + Query(("after", after), ("limit", Number(limit)))),
            ClientJsonContext.Default.AlertPage, cancellationToken);

    /// <summary>
    /// Has alerts also delivered to a webhook, signed with <paramref name="secret"/>, at least once and in order
    /// (<c>PUT /v1/alerts/webhook</c>, 204). <b>Retried</b>: setting the same webhook twice is setting it once.
    /// </summary>
    /// <param name="url">An https address that is not loopback, private or link-local (unless the deployment allows them).</param>
    /// <param name="secret">The secret deliveries are signed with (Standard Webhooks): <c>whsec_</c> + base64 of 24 to 64 random bytes.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public async Task SetAlertWebhookAsync(Uri url, string secret, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(url);
        var request = new HttpRequestMessage(HttpMethod.Put, "v1/alerts/webhook")
        {
            Content = JsonContent.Create(new WebhookBody(url, secret), ClientJsonContext.Default.WebhookBody),
        };
        using var response = await SendAsync(request, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Courts' assistance requests to the agency (<c>GET /v1/assistance</c>, 协助执行). <b>Retried</b>: a read.</summary>
    /// <param name="status">Only open or only answered requests; null for all.</param>
    /// <param name="after">The <see cref="AssistancePage.Next"/> of the previous page; null from the start.</param>
    /// <param name="limit">At most this many; null for the gateway's default.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The requests in order.</returns>
    public Task<AssistancePage> GetAssistanceRequestsAsync(
        AssistanceStatus? status = null, string? after = null, int? limit = null, CancellationToken cancellationToken = default)
    {
        var filter = status switch
        {
            AssistanceStatus.Open => "open",
            AssistanceStatus.Answered => "answered",
            _ => "all",
        };
        return SendAsync(new HttpRequestMessage(HttpMethod.Get, "v1/assistance" + Query(("status", filter), ("after", after), ("limit", Number(limit)))),
            ClientJsonContext.Default.AssistancePage, cancellationToken);
    }

    /// <summary>One assistance request to the agency (<c>GET /v1/assistance/{id}</c>). <b>Retried</b>: a read.</summary>
    /// <param name="id">The request's id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The request.</returns>
    public Task<AssistanceRequest> GetAssistanceRequestAsync(string id, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        return SendAsync(new HttpRequestMessage(HttpMethod.Get, $"v1/assistance/{Uri.EscapeDataString(id)}"),
            ClientJsonContext.Default.AssistanceRequest, cancellationToken);
    }

    /// <summary>
    /// Answers an assistance request (<c>POST /v1/assistance/{id}/answer</c>). <b>Not retried</b>: a second answer is a
    /// 409, so after a lost answer read the request (<see cref="GetAssistanceRequestAsync"/>) before answering again.
    /// </summary>
    /// <param name="id">The request's id.</param>
    /// <param name="answer">What came of it.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <exception cref="JointPunishmentApiException">409 when the request was already answered.</exception>
    public async Task AnswerAssistanceAsync(string id, AssistanceAnswer answer, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        ArgumentNullException.ThrowIfNull(answer);
        using var response = await SendAsync(
            Post($"v1/assistance/{Uri.EscapeDataString(id)}/answer", answer, ClientJsonContext.Default.AssistanceAnswer, retried: false),
            cancellationToken).ConfigureAwait(false);
    }

    private static HttpRequestMessage Post<T>(string path, T body, JsonTypeInfo<T> type, bool retried)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body, type) };
        if (!retried)
        {
            RetryPolicy.DoNotRetry(request);
        }

        return request;
    }

    private async Task<T> SendAsync<T>(HttpRequestMessage request, JsonTypeInfo<T> type, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(request, cancellationToken).ConfigureAwait(false);
        return await response.Content.ReadFromJsonAsync(type, cancellationToken).ConfigureAwait(false)
            ?? throw new JsonException($"The gateway answered {request.Method} {request.RequestUri} with an empty body.");
    }

    private async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        using (request)
        {
            var response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
            if (response.IsSuccessStatusCode)
            {
                return response;
            }

            using (response)
            {
                throw await Problems.ReadAsync(response, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private static string? Number(int? value) => value?.ToString(CultureInfo.InvariantCulture);

    private static string Query(params (string Name, string? Value)[] parameters)
    {
        var given = parameters.Where(p => p.Value is not null).Select(p => $"{p.Name}={Uri.EscapeDataString(p.Value!)}").ToArray();
        return given.Length == 0 ? "" : "?" + string.Join("&", given);
    }
}
