using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace JointPunishment.Importer.Tests.Fakes;

/// <summary>
/// A real Kestrel server on 127.0.0.1 with a free port that answers <c>POST /v1/court/events</c> like
/// CONTRACT.md "Court": 401 without the key, 400 for a malformed request or more than 1000 events, and per
/// event <c>applied</c>, <c>duplicate</c> for an event id it has applied before, or <c>rejected</c> for an
/// unknown type. <see cref="Intercept"/> lets a test answer a given request differently (503, 400, a delay).
/// </summary>
public sealed class FakeCourtGateway : IAsyncDisposable
{
    public const string Key = "court-test-key";

    private static readonly HashSet<string> Types =
    [
        "risk_notice", "listed", "correction_requested", "correction_upheld", "correction_dismissed", "verification_started",
        "verification_closed", "shielded", "revoked", "retained", "performed",
    ];

    private readonly WebApplication _app;
    private readonly HashSet<string> _applied = [];
    private readonly Lock _lock = new();
    private int _requests;

    private FakeCourtGateway(WebApplication app)
    {
        _app = app;
        _app.MapPost("/v1/court/events", (Func<HttpContext, Task<IResult>>)HandleAsync);
    }

    public Uri Url { get; private set; } = null!;

    public ConcurrentQueue<RecordedRequest> Requests { get; } = new();

    /// <summary>Called with the request number (from 1) and its event ids; a result it returns is sent instead of the normal answer.</summary>
    public Func<int, IReadOnlyList<string?>, Task<IResult?>>? Intercept { get; set; }

    public static async Task<FakeCourtGateway> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var gateway = new FakeCourtGateway(builder.Build());
        await gateway._app.StartAsync();
        var address = gateway._app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        gateway.Url = new Uri(address);
        return gateway;
    }

    public IReadOnlyList<RecordedRequest> Answered(int status = StatusCodes.Status200OK) =>
        [.. Requests.Where(r => r.Status == status).OrderBy(r => r.Number)];

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task<IResult> HandleAsync(HttpContext context)
    {
        var number = Interlocked.Increment(ref _requests);
        var authorization = context.Request.Headers.Authorization.ToString();
        JsonArray? events = null;
        try
        {
            events = (await JsonNode.ParseAsync(context.Request.Body))?["events"] as JsonArray;
        }
        catch (System.Text.Json.JsonException)
        {
            // Answered as malformed below.
        }

        var ids = events?.Select(e => e?["eventId"]?.GetValue<string>()).ToList() ?? [];
        var result = await Answer(number, authorization, events, ids);
        var names = events?.Select(e => e?["subject"]?["name"]?.GetValue<string>()).ToList() ?? [];
        Requests.Enqueue(new RecordedRequest(number, authorization, ids, StatusOf(result), names));
        return result;
    }

    private async Task<IResult> Answer(int number, string authorization, JsonArray? events, IReadOnlyList<string?> ids)
    {
        if (authorization != $"Bearer {Key}")
        {
            return Problem(StatusCodes.Status401Unauthorized, "Unauthorized", "missing or unknown key");
        }

        if (Intercept is { } intercept && await intercept(number, ids) is { } instead)
        {
            return instead;
        }

        if (events is null || events.Count > 1000)
        {
            return Problem(StatusCodes.Status400BadRequest, "Malformed request", "the body must be { \"events\": [ … ] } with at most 1000 events");
        }

        var results = new JsonArray();
        lock (_lock)
        {
            foreach (var e in events)
            {
                var id = e?["eventId"]?.GetValue<string>();
                var type = e?["type"]?.GetValue<string>();
                results.Add(id is null || type is null || !Types.Contains(type)
                    ? new JsonObject { ["eventId"] = id, ["status"] = "rejected", ["error"] = $"type: '{type}' is not an event type" }
                    : new JsonObject { ["eventId"] = id, ["status"] = _applied.Add(id) ? "applied" : "duplicate" });
            }
        }

        return Results.Text(new JsonObject { ["results"] = results }.ToJsonString(), "application/json");
    }

    /// <summary>An RFC 9457 problem answer, as the gateway sends them.</summary>
    public static IResult Problem(int status, string title, string detail, IDictionary<string, string[]>? errors = null) =>
        errors is null
            ? Results.Problem(statusCode: status, title: title, detail: detail)
            : Results.ValidationProblem(errors, statusCode: status, title: title, detail: detail);

    private static int StatusOf(IResult result) => result is IStatusCodeHttpResult { StatusCode: { } status } ? status : StatusCodes.Status200OK;
}
