using System.ComponentModel.DataAnnotations;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Validation;

namespace JointPunishment.Gateway.Validation;

/// <summary>
/// Binds request records: System.Text.Json with strict options (unknown members refused, depth bounded, text trimmed,
/// lone surrogates refused), then the framework's validation (Microsoft.Extensions.Validation, whose source generator
/// describes every record a handler takes) of every field at once. Errors are keyed by JSON path
/// (<c>events[3].subject.idNumber</c>), as the wire names fields.
/// </summary>
public static class RequestJson
{
    public const int MaxDepth = 32;

    /// <summary>
    /// The options request records are read with. <c>required</c> members stay required in the OpenAPI document but are
    /// not enforced here: the <see cref="RequiredAttribute"/> beside each reports every missing field at once, where the
    /// serializer would stop at the first.
    /// </summary>
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        MaxDepth = MaxDepth,
        Converters = { new TrimmedTextConverter() },
        TypeInfoResolver = new DefaultJsonTypeInfoResolver
        {
            Modifiers =
            {
                static type =>
                {
                    foreach (var property in type.Properties)
                    {
                        property.IsRequired = false;
                    }
                },
            },
        },
    };

    /// <summary>The record, or null with the one field that kept it from being read; otherwise every invalid field in the errors.</summary>
    public static async Task<(TBody? Body, ValidationErrors Errors)> BindAsync<TBody>(ReadOnlyMemory<byte> json, IServiceProvider services, CancellationToken cancellationToken)
        where TBody : class
    {
        var errors = new ValidationErrors();
        TBody? body;
        try
        {
            body = JsonSerializer.Deserialize<TBody>(json.Span, Options);
        }
        catch (JsonException ex)
        {
            var (path, message) = JsonErrorDescription.Describe(ex, typeof(TBody), Options);
            errors.Add(path, message);
            return (null, errors);
        }

        if (body is null)
        {
            errors.Add("", "must be an object");
            return (null, errors);
        }

        await ValidateAsync(body, services, errors, cancellationToken);
        return (body, errors);
    }

    private static async Task ValidateAsync<TBody>(TBody body, IServiceProvider services, ValidationErrors errors, CancellationToken cancellationToken)
        where TBody : class
    {
        // Microsoft.Extensions.Validation's resolver API is marked for evaluation (ASP0029) in .NET 10; it is what the
        // framework's own endpoint filter calls, used here so that the keys follow the wire's names and a handler can
        // add its own findings before answering.
#pragma warning disable ASP0029
        var options = services.GetRequiredService<IOptions<ValidationOptions>>().Value;
        if (!options.TryGetValidatableTypeInfo(typeof(TBody), out var info))
        {
            throw new InvalidOperationException($"{typeof(TBody).Name} is not described for validation: it must be the type argument of a RequestBody<T> handler parameter.");
        }

        var context = new ValidateContext
        {
            ValidationOptions = options,
            ValidationContext = new ValidationContext(body, services, items: null),
        };
        await info.ValidateAsync(body, context, cancellationToken);
        foreach (var (key, messages) in context.ValidationErrors ?? [])
        {
            foreach (var message in messages)
            {
                errors.Add(WirePath(key), message);
            }
        }
#pragma warning restore ASP0029
    }

    /// <summary><c>Events[3].Subject.IdNumber</c> (the C# path) as the wire names it: <c>events[3].subject.idNumber</c>.</summary>
    public static string WirePath(string memberPath) =>
        string.Join('.', memberPath.Split('.').Select(segment => JsonNamingPolicy.CamelCase.ConvertName(segment)));
}
