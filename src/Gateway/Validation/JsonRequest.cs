using System.Text.Json;

namespace JointPunishment.Gateway.Validation;

/// <summary>A parsed request body with the errors collected while reading its fields; dispose it with the request.</summary>
public sealed class JsonRequest : IDisposable
{
    private readonly JsonDocument _document;

    public JsonRequest(JsonDocument document)
    {
        _document = document;
        Body = new JsonFields(document.RootElement, "", Errors);
    }

    public ValidationErrors Errors { get; } = new();

    /// <summary>The body's top-level object.</summary>
    public JsonFields Body { get; }

    public JsonElement Root => _document.RootElement;

    public void Dispose() => _document.Dispose();
}
