using JointPunishment.Gateway.Auth;
using JointPunishment.Gateway.OpenApi;
using JointPunishment.Gateway.Republishers;
using JointPunishment.Gateway.Validation;
using JointPunishment.Gateway.Webhooks;
using JointPunishment.Grains.Wire.Records;
using Microsoft.Extensions.Options;

namespace JointPunishment.Gateway.Apis;

/// <summary>
/// The operator subscribes a republisher (转载方) to the delisting feed by webhook: it receives signed POSTs of
/// <c>{ items, next }</c> (the body of <c>GET /v1/public/delistings</c>) until it acknowledges each with a 2xx.
/// </summary>
public static class RepublishersApi
{
    public static RouteGroupBuilder MapRepublishersApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/republishers").WithTags("Operator");
        group.MapPost("/", SubscribeAsync).RequireCaller(CallerRole.Operator)
            .AcceptsJson<RepublisherBody>().ProducesProblem(StatusCodes.Status409Conflict)
            .WithName("SubscribeRepublisher")
            .WithSummary("Subscribes a republisher's URL to the delisting feed; returns the secret that signs its deliveries (HMAC-SHA256), once.");
        group.MapPost("/{code}/secret", RotateSecretAsync).RequireCaller(CallerRole.Operator)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithName("RotateRepublisherSecret")
            .WithSummary("Replaces the republisher's signing secret; the old one signs nothing more. Returns the new one, once.");
        group.MapDelete("/{code}", UnsubscribeAsync).RequireCaller(CallerRole.Operator)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithName("UnsubscribeRepublisher").WithSummary("Stops deliveries to the republisher and forgets its URL and secret.");
        return group;
    }

    /// <summary>A republisher (转载方) to subscribe to the delisting feed by webhook; an existing code is 409.</summary>
    public sealed record RepublisherBody
    {
        /// <summary>The republisher's code: letters, digits, '-' and '_'.</summary>
        [Required]
        [RegularExpression(ApiKey.CodeExpression, ApiKey.CodeMessage)]
        public required string Code { get; init; }

        /// <summary>Where deliveries go: https, and no loopback, private or link-local address unless the deployment allows them.</summary>
        [Required]
        [System.ComponentModel.DataAnnotations.Url(ErrorMessage = WebhookTargets.NotAbsoluteHttps), MaxLength(2000)]
        public required string Url { get; init; }
    }

    public sealed record Subscribed(string Code, string Secret);

    private static async Task<Results<Ok<Subscribed>, ProblemHttpResult>> RotateSecretAsync(string code, RepublisherStore store, CancellationToken cancellationToken)
    {
        var secret = ApiKey.NewSecret();
        return await store.RotateSecretAsync(code, secret, cancellationToken)
            ? TypedResults.Ok(new Subscribed(code, secret))
            : Problems.NotFound($"No republisher has code {code}.");
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> UnsubscribeAsync(string code, RepublisherStore store, CancellationToken cancellationToken) =>
        await store.RemoveAsync(code, cancellationToken) ? TypedResults.NoContent() : Problems.NotFound($"No republisher has code {code}.");

    private static async Task<Results<Created<Subscribed>, ValidationProblem, ProblemHttpResult>> SubscribeAsync(RequestBody<RepublisherBody> request, HttpContext http, RepublisherStore store, IOptions<WebhookOptions> options, TimeProvider time)
    {
        var (body, errors) = request;
        var (code, url) = (body.Code, body.Url);
        if (!errors.Has("url") && await WebhookTargets.RefusalAsync(url, options.Value, http.RequestAborted) is { } refusal)
        {
            errors.Add("url", refusal);
        }

        if (errors.Any)
        {
            return Problems.Invalid(errors);
        }

        var secret = ApiKey.NewSecret();
        return await store.AddAsync(code, url, secret, time.GetUtcNow(), http.RequestAborted)
            ? TypedResults.Created($"/v1/republishers/{code}", new Subscribed(code, secret))
            : Problems.Conflict($"A republisher with code {code} is already subscribed.");
    }
}
