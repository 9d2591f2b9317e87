using System.Reflection;
using JointPunishment.Grains.Wire.Records;

namespace JointPunishment.Gateway.Validation;

/// <summary>
/// A request record <typeparamref name="TBody"/> bound from the JSON body by <see cref="RequestJson"/> (System.Text.Json
/// with strict options, then its DataAnnotations rules through <see cref="RecordRules"/>), with the errors found so far keyed by JSON
/// path. The handler adds what only it can judge (an identity's check character, a code that must be registered) to
/// <see cref="Errors"/> and answers them all at once. A body that cannot be bound at all (too large, not JSON, a field
/// of the wrong JSON type or unknown) never reaches the handler: <see cref="Problem"/> is answered instead
/// (<c>AcceptsJson&lt;TBody&gt;</c> adds the filter that does so).
/// </summary>
public sealed class RequestBody<TBody> : IBindableFromHttpContext<RequestBody<TBody>>, IRequestBody
    where TBody : class
{
    private readonly TBody? _body;

    private RequestBody(TBody? body, ValidationErrors errors, IResult? problem)
    {
        _body = body;
        Errors = errors;
        Problem = problem;
    }

    /// <summary>The bound record. Fields named in <see cref="Errors"/> hold what was sent and must not be used.</summary>
    public TBody Body => _body ?? throw new InvalidOperationException("The body could not be bound; its problem is answered before the handler runs.");

    public ValidationErrors Errors { get; }

    public IResult? Problem { get; }

    public void Deconstruct(out TBody body, out ValidationErrors errors) => (body, errors) = (Body, Errors);

    public static async ValueTask<RequestBody<TBody>?> BindAsync(HttpContext context, ParameterInfo parameter)
    {
        var maxBytes = context.GetEndpoint()?.Metadata.GetMetadata<OpenApi.JsonBody>()?.MaxBytes ?? RequestBody.MaxBytes;
        var (json, problem) = await RequestBody.ReadBytesAsync(context.Request, maxBytes);
        if (problem is not null)
        {
            return new RequestBody<TBody>(null, new ValidationErrors(), problem);
        }

        var (body, errors) = RequestJson.Bind<TBody>(json.Span);
        return body is null
            ? new RequestBody<TBody>(null, errors, (IResult?)RequestBody.SyntaxProblem(json.Span) ?? Problems.Invalid(errors))
            : new RequestBody<TBody>(body, errors, null);
    }
}

/// <summary>A bound request body whose <see cref="Problem"/>, when set, is the answer.</summary>
public interface IRequestBody
{
    IResult? Problem { get; }
}
