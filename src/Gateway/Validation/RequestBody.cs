using System.Buffers;
using System.Text.Json;
using System.Text.Unicode;

namespace JointPunishment.Gateway.Validation;

/// <summary>
/// Reads a request body as JSON, turning every kind of bad input into a 4xx problem instead of an exception:
/// a body over <see cref="MaxBytes"/> (413), bytes that are not UTF-8, malformed or too deeply nested JSON,
/// and anything but an object at the top (400).
/// </summary>
public static class RequestBody
{
    /// <summary>The largest body any endpoint accepts: 1000 court events or 10,000 batch subjects fit well inside.</summary>
    public const int MaxBytes = 8 * 1024 * 1024;

    private static readonly JsonDocumentOptions Options = new() { MaxDepth = 32 };

    public static async Task<(JsonRequest? Request, IResult? Problem)> ReadAsync(HttpRequest request)
    {
        if (request.ContentLength > MaxBytes)
        {
            return (null, TooLarge());
        }

        // With a Content-Length (Kestrel holds the body to it), the buffer is exactly that size and reading stops
        // there: asking for more room would grow it, allocating and zeroing a larger array on every request.
        var expected = request.ContentLength;
        var buffer = new ArrayBufferWriter<byte>((int)Math.Clamp(expected ?? 4096, 1, MaxBytes));
        try
        {
            while (expected is null || buffer.WrittenCount < expected)
            {
                var room = expected is { } length ? (int)(length - buffer.WrittenCount) : 16 * 1024;
                var read = await request.Body.ReadAsync(buffer.GetMemory(room), request.HttpContext.RequestAborted);
                if (read == 0)
                {
                    break;
                }

                buffer.Advance(read);
                if (buffer.WrittenCount > MaxBytes)
                {
                    return (null, TooLarge());
                }
            }
        }
        catch (BadHttpRequestException ex)
        {
            // Kestrel's own limits (body size, data rate) and malformed chunking.
            return (null, TypedResults.Problem(statusCode: ex.StatusCode, title: "Bad request", detail: ex.Message));
        }

        if (!Utf8.IsValid(buffer.WrittenSpan))
        {
            return (null, Problems.BadRequest("The body is not valid UTF-8."));
        }

        try
        {
            var document = JsonDocument.Parse(buffer.WrittenMemory, Options);
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

    private static IResult TooLarge() => TypedResults.Problem(
        statusCode: StatusCodes.Status413PayloadTooLarge, title: "Payload too large", detail: $"The body must be at most {MaxBytes} bytes.");
}
