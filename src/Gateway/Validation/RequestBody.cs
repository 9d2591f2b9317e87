using System.Text.Json;

namespace JointPunishment.Gateway.Validation;

/// <summary>Reads a request body as JSON, turning malformed input into a 400 problem instead of an exception.</summary>
public static class RequestBody
{
    private static readonly JsonDocumentOptions Options = new() { MaxDepth = 32 };

    public static async Task<(JsonRequest? Request, IResult? Problem)> ReadAsync(HttpRequest request)
    {
        try
        {
            var document = await JsonDocument.ParseAsync(request.Body, Options, request.HttpContext.RequestAborted);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                document.Dispose();
                return (null, Problems.BadRequest("The body must be a JSON object."));
            }

            return (new JsonRequest(document), null);
        }
        catch (JsonException ex)
        {
            return (null, Problems.BadRequest($"The body is not valid JSON: {ex.Message}"));
        }
    }
}
