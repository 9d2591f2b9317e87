using JointPunishment.Client;
using JointPunishment.Client.Http;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Polly;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers <see cref="JointPunishmentClient"/> as a typed HttpClient with the standard resilience pipeline.</summary>
public static class JointPunishmentClientServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="JointPunishmentClient"/>: base address and bearer key from
    /// <see cref="JointPunishmentClientOptions"/>, and the standard resilience handler
    /// (Microsoft.Extensions.Http.Resilience) with the options' timeouts and retries. Retries follow the Retry-After of a
    /// 429 or 503, and are never made for calls whose repeat could do their work twice (see <see cref="JointPunishmentClient"/>).
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Sets the base address and API key (for instance from configuration), and optionally the timeouts.</param>
    /// <returns>The HttpClient builder, to add handlers or set the primary handler.</returns>
    public static IHttpClientBuilder AddJointPunishmentClient(this IServiceCollection services, Action<JointPunishmentClientOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        services.AddOptions<JointPunishmentClientOptions>()
            .Configure(configure)
            .Validate(o => o.BaseAddress is { IsAbsoluteUri: true }, "JointPunishmentClientOptions.BaseAddress must be an absolute URI.")
            .Validate(o => !string.IsNullOrWhiteSpace(o.ApiKey), "JointPunishmentClientOptions.ApiKey is required.")
            .Validate(o => o.AttemptTimeout > TimeSpan.Zero && o.TotalTimeout > o.AttemptTimeout,
                "JointPunishmentClientOptions.TotalTimeout must exceed AttemptTimeout, which must be positive.")
            .Validate(o => o.MaxRetryAttempts >= 1 && o.RetryDelay >= TimeSpan.Zero,
                "JointPunishmentClientOptions.MaxRetryAttempts must be at least 1 and RetryDelay not negative.")
            .ValidateOnStart();

        var builder = services.AddHttpClient<JointPunishmentClient>((provider, http) =>
        {
            var options = provider.GetRequiredService<IOptions<JointPunishmentClientOptions>>().Value;
            // Relative paths resolve under the base address only when it ends with a slash (https://host/jp/ + v1/checks).
            var address = options.BaseAddress!.AbsoluteUri;
            http.BaseAddress = new Uri(address.EndsWith('/') ? address : address + "/");
            http.DefaultRequestHeaders.Authorization = new("Bearer", options.ApiKey);
            // The pipeline's total and attempt timeouts govern; HttpClient's own 100 s would cut retries short.
            http.Timeout = Timeout.InfiniteTimeSpan;
        });

        builder.AddStandardResilienceHandler().Configure((HttpStandardResilienceOptions resilience, IServiceProvider provider) =>
        {
            var options = provider.GetRequiredService<IOptions<JointPunishmentClientOptions>>().Value;
            resilience.AttemptTimeout.Timeout = options.AttemptTimeout;
            resilience.TotalRequestTimeout.Timeout = options.TotalTimeout;
            // The breaker must sample at least two attempts' length (a validation rule of the standard options).
            if (resilience.CircuitBreaker.SamplingDuration < 2 * options.AttemptTimeout)
            {
                resilience.CircuitBreaker.SamplingDuration = 2 * options.AttemptTimeout;
            }

            resilience.Retry.MaxRetryAttempts = options.MaxRetryAttempts;
            resilience.Retry.Delay = options.RetryDelay;
            var transient = resilience.Retry.ShouldHandle;
            resilience.Retry.ShouldHandle = args => RetryPolicy.AllowsRetry(args.Context) ? transient(args) : PredicateResult.False();
        });
        return builder;
    }
}
