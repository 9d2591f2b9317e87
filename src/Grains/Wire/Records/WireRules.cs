using System.ComponentModel.DataAnnotations;
using System.Globalization;
using DataAnnotations = System.ComponentModel.DataAnnotations;

namespace JointPunishment.Grains.Wire.Records;

// DataAnnotations' rules as request records declare them, answering in the wire's words ("must be at most 200 characters")
// instead of the framework's (which name the C# property: "The field Note must be a string or array type…"). They derive
// from the framework's attributes, so they are judged as the framework judges any (RecordRules) and the OpenAPI document
// reads their limits as it reads the originals'. Request records import this namespace instead of System.ComponentModel.DataAnnotations.

/// <summary>The field must be present, not null and, for text, not blank (text is trimmed when bound).</summary>
public sealed class RequiredAttribute : DataAnnotations.RequiredAttribute
{
    protected override ValidationResult? IsValid(object? value, ValidationContext validationContext) =>
        IsValid(value) ? ValidationResult.Success : new ValidationResult("is required");
}

/// <summary>At most <c>length</c> characters of text, or items of an array (whose <c>null</c> items <see cref="RecordRules"/> refuses).</summary>
public sealed class MaxLengthAttribute(int length) : DataAnnotations.MaxLengthAttribute(length)
{
    protected override ValidationResult? IsValid(object? value, ValidationContext validationContext) =>
        IsValid(value) ? ValidationResult.Success
        : new ValidationResult(value is string ? $"must be at most {Length} characters" : $"must have at most {Length} items");
}

/// <summary>At least <c>length</c> characters of text, or items of an array.</summary>
public sealed class MinLengthAttribute(int length) : DataAnnotations.MinLengthAttribute(length)
{
    protected override ValidationResult? IsValid(object? value, ValidationContext validationContext) =>
        IsValid(value) ? ValidationResult.Success
        : new ValidationResult(value is string ? $"must be at least {Length} characters" : $"must have at least {Length} items");
}

/// <summary>One of the listed values, when given (unlike the framework's, absent is not judged here: <see cref="RequiredAttribute"/> does that).</summary>
public class AllowedValuesAttribute(params object?[] values) : DataAnnotations.AllowedValuesAttribute(values)
{
    protected override ValidationResult? IsValid(object? value, ValidationContext validationContext) =>
        value is null || IsValid(value) ? ValidationResult.Success
        : new ValidationResult(WireNames.MustBeOneOf(Values.Select(v => Convert.ToString(v, CultureInfo.InvariantCulture) ?? "")));
}

/// <summary>
/// One of the wire names of <typeparamref name="T"/> (<see cref="WireNames"/>), when given: the names a field binds to
/// the enum the layers below take, so the values allowed here and there cannot drift apart.
/// </summary>
public sealed class AllowedWireNamesAttribute<T>() : AllowedValuesAttribute([.. WireNames.All<T>()])
    where T : struct, Enum;

/// <summary>A related person's role (<see cref="SubjectReader.RelatedRoleNames"/>), when given.</summary>
public sealed class RelatedRoleAttribute() : AllowedValuesAttribute([.. SubjectReader.RelatedRoleNames]);

/// <summary>A number from <c>minimum</c> to <c>maximum</c>.</summary>
public sealed class RangeAttribute(double minimum, double maximum) : DataAnnotations.RangeAttribute(minimum, maximum)
{
    protected override ValidationResult? IsValid(object? value, ValidationContext validationContext) =>
        IsValid(value) ? ValidationResult.Success
        : new ValidationResult(string.Create(CultureInfo.InvariantCulture, $"must be a number from {Minimum} to {Maximum}"));
}

/// <summary>Text matching <c>pattern</c> entirely; otherwise <c>message</c>, which says in words what that is.</summary>
public sealed class RegularExpressionAttribute(string pattern, string message) : DataAnnotations.RegularExpressionAttribute(pattern)
{
    protected override ValidationResult? IsValid(object? value, ValidationContext validationContext) =>
        IsValid(value) ? ValidationResult.Success : new ValidationResult(message);
}
