using System.ComponentModel.DataAnnotations;
using System.Diagnostics;
using System.Text;
using System.Text.Json;
using JointPunishment.Gateway.Apis;
using JointPunishment.Grains.Wire;
using JointPunishment.Grains.Wire.Records;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Validation;

// dotnet run -c Release --project bench/Binding [iterations=100000]   (bodies of one check; a body of 100 events runs a hundredth as often)
// Per body: a bare JsonDocument parse (the least any reader does: the baseline), the gateway's binder
// (RequestJson.Bind: System.Text.Json with strict options, then RecordRules), and the same deserialisation followed by
// Microsoft.Extensions.Validation (the framework's validator, which RecordRules stands in for). Single-threaded.
var iterations = args.Select(a => a.Split('=', 2)).Where(p => p is ["iterations", _]).Select(p => int.Parse(p[1], System.Globalization.CultureInfo.InvariantCulture)).DefaultIfEmpty(100_000).First();

// Handlers taking the records, never run: Microsoft.Extensions.Validation's source generator describes what they take.
var builder = WebApplication.CreateSlimBuilder(args);
builder.Services.AddValidation();
await using var app = builder.Build();
app.MapPost("/check", (ChecksApi.CheckBody body) => body.Measure);
app.MapPost("/events", (CourtApi.CourtEventsBody body) => body.Events.Count);
var provider = app.Services;
var validation = provider.GetRequiredService<IOptions<ValidationOptions>>().Value;

var check = Encoding.UTF8.GetBytes(
    """{"measure":"consumption.rail","subject":{"idType":"resident_id","idNumber":"11010519491231002X","name":"张三"},"action":{"trainNumber":"G123","seatClass":"second"}}""");
var events = Encoding.UTF8.GetBytes(JsonSerializer.Serialize(new
{
    events = Enumerable.Range(0, 100).Select(i => new
    {
        eventId = $"e-{i}", type = "listed", caseNumber = $"(2026)京0101执{i}号", listedOn = "2026-11-02", @public = true, obligation = "支付货款",
        subject = new { idType = "uscc", idNumber = "91350100M000100Y43", name = "某某有限公司" },
        officers = new[] { new { role = "legal_representative", idType = "resident_id", idNumber = "11010519491231002X", name = "张三" } },
    }),
}));

Console.WriteLine($"{"body",-24} {"reader",-44} {"ns/op",10} {"B/op",9} {"× parse",8}");
Measure<ChecksApi.CheckBody>("check (1 subject)", check, iterations);
Measure<CourtApi.CourtEventsBody>("court events (100)", events, Math.Max(1, iterations / 100));
return 0;

void Measure<T>(string name, byte[] body, int times)
    where T : class
{
    if (!validation.TryGetValidatableTypeInfo(typeof(T), out var info))
    {
        throw new InvalidOperationException($"{typeof(T).Name} is not described for Microsoft.Extensions.Validation.");
    }

    var (parseNs, parseBytes) = Time(times, () =>
    {
        using var document = JsonDocument.Parse(body);
        return document.RootElement.GetPropertyCount();
    });
    var (bindNs, bindBytes) = Time(times, () =>
    {
        var (bound, errors) = RequestJson.Bind<T>(body);
        return bound is null || errors.Any ? throw new InvalidOperationException(string.Join("; ", errors.ToDictionary().Keys)) : 1;
    });
    var (frameworkNs, frameworkBytes) = Time(times, () =>
    {
        var bound = JsonSerializer.Deserialize<T>(body, RequestJson.Options)!;
        var context = new ValidateContext { ValidationOptions = validation, ValidationContext = new ValidationContext(bound, provider, null) };
        var pending = info.ValidateAsync(bound, context, CancellationToken.None);
        pending.GetAwaiter().GetResult();
        return context.ValidationErrors?.Count ?? 0;
    });
    Row(name, "JsonDocument.Parse (baseline)", parseNs, parseBytes, parseNs);
    Row(name, "RequestJson.Bind (STJ + RecordRules)", bindNs, bindBytes, parseNs);
    Row(name, "STJ + Microsoft.Extensions.Validation", frameworkNs, frameworkBytes, parseNs);
}

static (double Ns, long Bytes) Time(int iterations, Func<int> operation)
{
    var sink = 0;
    for (var i = 0; i < Math.Max(1, iterations / 10); i++)
    {
        sink += operation();
    }

    var before = GC.GetAllocatedBytesForCurrentThread();
    var watch = Stopwatch.StartNew();
    for (var i = 0; i < iterations; i++)
    {
        sink += operation();
    }

    watch.Stop();
    GC.KeepAlive(sink);
    return (watch.Elapsed.TotalNanoseconds / iterations, (GC.GetAllocatedBytesForCurrentThread() - before) / iterations);
}

static void Row(string body, string reader, double ns, long bytes, double baseline) =>
    Console.WriteLine($"{body,-24} {reader,-44} {ns,10:F0} {bytes,9} {ns / baseline,8:F2}");
