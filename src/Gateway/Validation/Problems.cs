namespace JointPunishment.Gateway.Validation;

/// <summary>RFC 9457 problem responses used across the API.</summary>
public static class Problems
{
    public static IResult BadRequest(string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Bad request", detail: detail);

    public static IResult Invalid(ValidationErrors errors) =>
        TypedResults.ValidationProblem(errors.ToDictionary(), detail: "One or more fields are invalid.", title: "Invalid request");

    /// <summary>A validation problem about one field.</summary>
    public static IResult Invalid(string field, string message)
    {
        var errors = new ValidationErrors();
        errors.Add(field, message);
        return Invalid(errors);
    }

    public static IResult Forbidden(string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Forbidden", detail: detail);

    public static IResult NotFound(string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: detail);

    /// <summary>503: the request was fine but is refused for now; the caller should say when to retry (Retry-After).</summary>
    public static IResult Busy(string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "Busy", detail: detail);

    public static IResult Conflict(string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Conflict", detail: detail);
}
