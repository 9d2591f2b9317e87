using JointPunishment.Gateway.AgencyWebhooks;
using JointPunishment.Gateway.Auth;
using JointPunishment.Gateway.OpenApi;
using JointPunishment.Gateway.Validation;
using JointPunishment.Gateway.Webhooks;
using JointPunishment.Grains.Wire.Records;
using Microsoft.Extensions.Options;

namespace JointPunishment.Gateway.Apis;

/// <summary>
/// An agency's webhook: every message for it (assistance requests, alerts) is POSTed there, signed with its own secret
/// in the Standard Webhooks format, at least once and in order (<see cref="AgencyWebhookDispatcher"/>).
/// </summary>
public static class AlertsWebhookApi
{
    public static RouteGroupBuilder MapAlertsWebhookApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/alerts/webhook").WithTags("Agency");
        group.MapPut("/", SetAsync).RequireCaller(CallerRole.Agency)
            .AcceptsJson<AgencyWebhookBody>()
            .WithName("SetAgencyWebhook").WithSummary("Sets the agency's webhook: its URL and the whsec_ secret that signs deliveries (Standard Webhooks).");
        group.MapDelete("/", RemoveAsync).RequireCaller(CallerRole.Agency)
            .WithName("RemoveAgencyWebhook").WithSummary("Stops deliveries to the agency's webhook and forgets its URL and secret.");
        return group;
    }

    /// <summary>Where the agency's messages go and the secret that signs them.</summary>
    public sealed record AgencyWebhookBody
    {
        /// <summary>An https URL; no loopback, private or link-local address unless the deployment allows them.</summary>
        [Required]
        [System.ComponentModel.DataAnnotations.Url(ErrorMessage = WebhookTargets.NotAbsoluteHttps), MaxLength(2000)]
        public required string Url { get; init; }

        /// <summary>The signing secret, <c>whsec_</c> and base64 (Standard Webhooks).</summary>
        [Required]
        [MaxLength(200)]
        public required string Secret { get; init; }
    }

    private static async Task<Results<NoContent, ValidationProblem, ProblemHttpResult>> SetAsync(
        RequestBody<AgencyWebhookBody> request, HttpContext http, AgencyWebhookStore store, IEnumerable<IAgencyMessageSource> sources, IOptionsMonitor<WebhookOptions> options, TimeProvider time)
    {
        var (body, errors) = request;
        var (url, secret) = (body.Url, body.Secret);
        if (!errors.Has("url") && await WebhookTargets.RefusalAsync(url, options.Get(AgencyWebhookDispatcher.OptionsName), http.RequestAborted) is { } refusal)
        {
            errors.Add("url", refusal);
        }

        if (!errors.Has("secret") && AgencyWebhookSecret.Refusal(secret) is { } weak)
        {
            errors.Add("secret", weak);
        }

        if (errors.Any)
        {
            return Problems.Invalid(errors);
        }

        await store.SetAsync(http.Caller().Code, url, secret, sources.Select(s => s.Name), time.GetUtcNow(), http.RequestAborted);
        return TypedResults.NoContent();
    }

    private static async Task<NoContent> RemoveAsync(HttpContext http, AgencyWebhookStore store)
    {
        await store.RemoveAsync(http.Caller().Code, http.RequestAborted);
        return TypedResults.NoContent();
    }
}
