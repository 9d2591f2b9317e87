using System.Buffers;
using System.Text.Json;
using System.Text.Unicode;
using JointPunishment.Grains.Wire.Records;

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

    /// <summary>The largest body a public endpoint (no key) accepts (CONTRACT.md, Additions).</summary>
    public const int PublicMaxBytes = 64 * 1024;

    /// <summary>How much room the buffer gains at a time: it grows with the bytes that arrive, never with what the client claims.</summary>
    private const int ChunkBytes = 16 * 1024;

    /// <summary>
    /// Why <paramref name="json"/> is not a JSON object nested at most 32 deep, with the 400 that says so; null
    /// when it is one. A binder asks only after failing, so a body that binds is read once.
    /// </summary>
    public static ProblemHttpResult? SyntaxProblem(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = RequestJson.MaxDepth });
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return NotAnObject;
            }

            reader.Skip();
            return reader.Read() ? Problems.BadRequest("The body is not valid JSON: more follows the object.") : null;
        }
        catch (JsonException ex)
        {
            return NotJson(ex);
        }
    }

    /// <summary>
    /// The body's bytes, within <paramref name="maxBytes"/> and valid UTF-8, for a binder (<see cref="RequestJson"/>) to read;
    /// otherwise the 4xx problem that says why. A binder that cannot read them asks <see cref="SyntaxProblem"/> whether they are JSON.
    /// </summary>
    public static async Task<(ReadOnlyMemory<byte> Bytes, ProblemHttpResult? Problem)> ReadBytesAsync(HttpRequest request, int maxBytes = MaxBytes)
    {
        if (request.ContentLength > maxBytes)
        {
            return (default, TooLarge(maxBytes));
        }

        // A claimed Content-Length sizes nothing: a client that claims megabytes and sends a few bytes must not make
        // this gateway allocate megabytes. The buffer doubles as bytes arrive, so it stays within twice what was sent.
        var expected = request.ContentLength;
        var buffer = new ArrayBufferWriter<byte>((int)Math.Clamp(expected ?? ChunkBytes, 1, ChunkBytes));
        try
        {
            while (expected is null || buffer.WrittenCount < expected)
            {
                var room = expected is { } length ? (int)Math.Min(length - buffer.WrittenCount, ChunkBytes) : ChunkBytes;
                var read = await request.Body.ReadAsync(buffer.GetMemory(room), request.HttpContext.RequestAborted);
                if (read == 0)
                {
                    break;
                }

                buffer.Advance(read);
                if (buffer.WrittenCount > maxBytes)
                {
                    return (default, TooLarge(maxBytes));
                }
            }
        }
        catch (BadHttpRequestException ex)
        {
            // Kestrel's own limits (body size, data rate) and malformed chunking.
            return (default, TypedResults.Problem(statusCode: ex.StatusCode, title: "Bad request", detail: ex.Message));
        }

        if (!Utf8.IsValid(buffer.WrittenSpan))
        {
            return (default, Problems.BadRequest("The body is not valid UTF-8."));
        }

        return (buffer.WrittenMemory, null);
    }

    private static ProblemHttpResult NotAnObject => Problems.BadRequest("The body must be a JSON object.");

    private static ProblemHttpResult NotJson(JsonException ex) => Problems.BadRequest($"The body is not valid JSON: {ex.Message}");

    private static ProblemHttpResult TooLarge(int maxBytes) => TypedResults.Problem(
        statusCode: StatusCodes.Status413PayloadTooLarge, title: "Payload too large", detail: $"The body must be at most {maxBytes} bytes.");
}
