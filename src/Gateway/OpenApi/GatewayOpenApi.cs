using JointPunishment.Gateway.Validation;
using Microsoft.AspNetCore.Mvc;

namespace JointPunishment.Gateway.OpenApi;

/// <summary>
/// The OpenAPI document (<c>/openapi/v1.json</c>, read by Scalar at <c>/docs</c>). The handlers bind their bodies themselves
/// (<see cref="RequestBody{TBody}"/>), so each route declares what it accepts (<see cref="AcceptsJson{TBody}"/>), what it answers and which problems it gives; the
/// transformers add what no route can say for itself: the bearer scheme and who may call (<see cref="BearerSecurity"/>),
/// the values a choice allows and the formats of fields bound as text (<see cref="WireFieldSchema"/>) and examples of the main bodies (<see cref="WireExamples"/>).
/// </summary>
public static class GatewayOpenApi
{
    public static IServiceCollection AddGatewayOpenApi(this IServiceCollection services) =>
        services.AddOpenApi(options =>
        {
            options.AddDocumentTransformer((document, _, _) =>
            {
                document.Info.Title = "Joint punishment of dishonest judgment debtors";
                document.Info.Description = "Courts list and delist; agencies check, report back and follow alerts; the public queries the list. "
                    + "Send the key the operator issued as 'Authorization: Bearer <key>'; every error is an RFC 9457 problem document.";
                return Task.CompletedTask;
            });
            // Successes first, then the problems, by status: the order a reader (and Scalar) shows them in.
            options.AddOperationTransformer((operation, _, _) =>
            {
                if (operation.Responses is { Count: > 1 } responses)
                {
                    var sorted = responses.OrderBy(r => r.Key, StringComparer.Ordinal).ToList();
                    responses.Clear();
                    foreach (var (status, response) in sorted)
                    {
                        responses.Add(status, response);
                    }
                }

                return Task.CompletedTask;
            });
            options.AddDocumentTransformer<BearerSecurity>();
            options.AddOperationTransformer<BearerSecurity>();
            options.AddSchemaTransformer<WireFieldSchema>();
            options.AddSchemaTransformer<WireExamples>();
        });

    /// <summary>
    /// The route reads a JSON body of <typeparamref name="TBody"/>'s shape (<see cref="Validation.RequestBody"/>; declared by
    /// <see cref="JsonBody"/>, which leaves routing alone): 400 with the fields in error (or a body that is not a JSON object),
    /// 413 for one over the size limit.
    /// </summary>
    public static RouteHandlerBuilder AcceptsJson<TBody>(this RouteHandlerBuilder builder, int maxBytes = RequestBody.MaxBytes)
        where TBody : notnull =>
        builder.WithMetadata(new JsonBody(typeof(TBody), maxBytes))
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .AddEndpointFilterFactory(static (factory, next) =>
                factory.MethodInfo.GetParameters().Any(p => typeof(IRequestBody).IsAssignableFrom(p.ParameterType))
                    ? async invocation =>
                    {
                        foreach (var argument in invocation.Arguments)
                        {
                            if (argument is IRequestBody { Problem: { } problem })
                            {
                                return problem;
                            }
                        }

                        return await next(invocation);
                    }
                    : next);

    /// <summary>What <c>ProducesProblem</c> declares, as metadata any endpoint builder takes (<c>ProducesProblem</c> is for route handlers only).</summary>
    public static ProducesResponseTypeMetadata Problem(int statusCode) =>
        new(statusCode, typeof(ProblemDetails), ["application/problem+json"]);
}
