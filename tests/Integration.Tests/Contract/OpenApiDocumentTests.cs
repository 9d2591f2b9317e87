using System.Net;
using JointPunishment.Integration.Tests.Infrastructure;
using Microsoft.OpenApi;
using Microsoft.OpenApi.Reader;

namespace JointPunishment.Integration.Tests.Contract;

/// <summary>
/// The OpenAPI document at <c>/openapi/v1.json</c> is valid, and every route of CONTRACT.md is typed in it: its JSON body's
/// schema, its success answer's schema, its errors as problem details, and the bearer key on the routes that need a caller —
/// so a client can be generated from it and Scalar's <c>/docs</c> can try a call with a key. It reads nothing, so every case
/// shares one system.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class OpenApiDocumentTests(PostgresServer postgres, SharedSystem shared) : IAsyncLifetime, IClassFixture<SharedSystem>
{
    private const string Json = "application/json";
    private const string Problem = "application/problem+json";

    /// <summary>A route of CONTRACT.md: who may call it (none: public), whether it reads a JSON body, and its success status (with a body or not).</summary>
    public sealed record ContractRoute(string Method, string Path, string[] Roles, bool Body, int Status, bool Answers = true)
    {
        public string Name => $"{Method} {Path}";
    }

    private static readonly string[] Public = [], Operator = ["operator"], Court = ["court"], Agency = ["agency"];

    /// <summary>Every route CONTRACT.md names, with its contract (the document must say the same).</summary>
    public static readonly IReadOnlyList<ContractRoute> ContractRoutes =
    [
        // Operator
        new("POST", "/v1/agencies", Operator, Body: true, 201),
        new("POST", "/v1/courts", Operator, Body: true, 201),
        new("POST", "/v1/consumers", Operator, Body: true, 201),
        new("GET", "/v1/cluster", Operator, Body: false, 200),
        new("GET", "/v1/catalogue", Public, Body: false, 200),
        // Court
        new("POST", "/v1/court/events", Court, Body: true, 200),
        new("GET", "/v1/court/subjects/{idType}/{idNumber}", ["court", "operator"], Body: false, 200),
        // Agency
        new("POST", "/v1/checks", Agency, Body: true, 200),
        new("POST", "/v1/checks/batch", Agency, Body: true, 200),
        new("POST", "/v1/feedback", Agency, Body: true, 202, Answers: false),
        // Public
        new("GET", "/v1/public/debtors", Public, Body: false, 200),
        new("GET", "/v1/public/delistings", Public, Body: false, 200),
        // Accountability, complaints, credit repair
        new("GET", "/v1/court/overdue", ["court", "operator"], Body: false, 200),
        new("POST", "/v1/credit-repair", Agency, Body: true, 200),
        new("GET", "/v1/agencies/{code}/ledger", ["operator", "agency"], Body: false, 200),
        new("POST", "/v1/agencies/{code}/notices", Operator, Body: true, 201),
        new("POST", "/v1/public/complaints", Public, Body: true, 201),
        new("GET", "/v1/public/complaints/{id}", Public, Body: false, 200),
        new("POST", "/v1/complaints/{id}/resolution", Agency, Body: true, 200),
        // Additions (December 2026): due process
        new("GET", "/v1/courts/{code}/record", ["operator", "court"], Body: false, 200),
        new("POST", "/v1/objections", Agency, Body: true, 201),
        new("GET", "/v1/court/objections", Court, Body: false, 200),
        // Feeds that are not public
        new("GET", "/v1/credit-repairs", ["credit_platform"], Body: false, 200),
        // Watchlists
        new("POST", "/v1/watchlists/{name}/members", Agency, Body: true, 200),
        new("GET", "/v1/alerts", Agency, Body: false, 200),
        new("PUT", "/v1/alerts/webhook", Agency, Body: true, 204, Answers: false),
        // Assistance requests
        new("POST", "/v1/assistance", Court, Body: true, 201),
        new("GET", "/v1/assistance", ["court", "agency"], Body: false, 200),
        new("POST", "/v1/assistance/{id}/answer", Agency, Body: true, 200),
        new("GET", "/v1/assistance/{id}", ["court", "agency"], Body: false, 200),
        // Red list
        new("POST", "/v1/red-list", Operator, Body: true, 201),
        new("DELETE", "/v1/red-list/{idType}/{idNumber}", Operator, Body: false, 204, Answers: false),
        new("GET", "/v1/public/red-list", Public, Body: false, 200),
        // Federation
        new("GET", "/v1/federation/events", ["node"], Body: false, 200),
        new("GET", "/v1/upstream", Operator, Body: false, 200),
        new("GET", "/v1/stats", Operator, Body: false, 200),
    ];

    public static TheoryData<string> ContractRouteNames => [.. ContractRoutes.Select(r => r.Name)];

    private RunningSystem _system = null!;
    private ReadResult _read = null!;
    private OpenApiDocument Document => _read.Document!;

    public async Task InitializeAsync()
    {
        _system = await shared.StartOnceAsync(postgres);
        using var response = await _system.SendAsync(HttpMethod.Get, "/openapi/v1.json", null);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        _read = OpenApiDocument.Parse(await response.Content.ReadAsStringAsync(), OpenApiConstants.Json);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public void Document_IsReadAndValidated_WithoutErrors()
    {
        Assert.NotNull(_read.Document);
        Assert.Empty(_read.Diagnostic?.Errors.Select(e => e.ToString()) ?? []);
        Assert.Empty(Document.Validate(ValidationRuleSet.GetDefaultRuleSet()).Select(e => e.ToString()));
    }

    [Fact]
    public async Task DeclaringABody_LeavesRoutingAlone_AnotherContentTypeStillReachesTheRoute()
    {
        // Accepts<T>("application/json") would make routing answer 415 here; the route's own filter answers instead.
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/checks") { Content = new StringContent("{}", System.Text.Encoding.UTF8, "text/plain") };
        using var response = await _system.Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(Problem, response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public void BearerScheme_IsDeclared_AndNotRequiredOfEveryone()
    {
        var scheme = Assert.Contains("bearer", Document.Components?.SecuritySchemes ?? new Dictionary<string, IOpenApiSecurityScheme>());
        Assert.Equal(SecuritySchemeType.Http, scheme.Type);
        Assert.Equal("bearer", scheme.Scheme);
        // Public routes stay anonymous: the key is required route by route, not for the whole document.
        Assert.Empty(Document.Security ?? []);
    }

    [Theory]
    [MemberData(nameof(ContractRouteNames))]
    public void ContractRoute_IsTyped(string name)
    {
        var route = ContractRoutes.Single(r => r.Name == name);
        var operation = OperationOf(route);

        if (route.Body)
        {
            Assert.True(operation.RequestBody?.Required, $"{name}: no required request body");
            AssertTyped(name, "request body", At(operation.RequestBody!.Content, Json)?.Schema);
        }
        else
        {
            Assert.Null(operation.RequestBody);
        }

        var success = Assert.Contains(route.Status.ToString(System.Globalization.CultureInfo.InvariantCulture), operation.Responses ?? []);
        Assert.DoesNotContain(operation.Responses!.Keys, status => status.StartsWith('2') && status != route.Status.ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (route.Answers)
        {
            AssertTyped(name, $"{route.Status} answer", At(success.Content, Json)?.Schema);
        }
        else
        {
            Assert.True(success.Content is null or { Count: 0 }, $"{name}: the {route.Status} answer has a body");
        }

        // Validation errors name the field (HttpValidationProblemDetails' errors); a body can also be too large.
        if (route.Body)
        {
            Assert.Equal("HttpValidationProblemDetails", ProblemSchemaOf(name, operation, "400"));
            Assert.Contains("413", operation.Responses.Keys);
        }

        var errors = operation.Responses.Where(r => r.Key[0] is '4' or '5').ToList();
        Assert.All(errors, error => Assert.Contains(ProblemSchemaOf(name, operation, error.Key), new[] { "ProblemDetails", "HttpValidationProblemDetails" }));

        var requirements = operation.Security ?? [];
        if (route.Roles.Length == 0)
        {
            Assert.Empty(requirements);
            return;
        }

        var requirement = Assert.Single(requirements);
        var (scheme, roles) = Assert.Single(requirement);
        Assert.Equal("bearer", scheme.Reference.Id);
        Assert.Equal(route.Roles.Order(), roles.Order());
        Assert.Contains("401", operation.Responses.Keys);
        Assert.Contains("403", operation.Responses.Keys);
    }

    [Fact]
    public void EveryOperation_AnswersWithASuccess_AndItsErrorsAreProblemDetails()
    {
        var operations = Document.Paths.SelectMany(p => (p.Value.Operations ?? []).Select(o => (Name: $"{o.Key} {p.Key}", Operation: o.Value))).ToList();
        Assert.True(operations.Count >= ContractRoutes.Count, $"only {operations.Count} operations");
        Assert.All(operations, o =>
        {
            Assert.Contains(o.Operation.Responses?.Keys ?? Enumerable.Empty<string>(), status => status.StartsWith('2'));
            foreach (var status in o.Operation.Responses!.Keys.Where(s => s[0] is '4' or '5'))
            {
                Assert.Contains(ProblemSchemaOf(o.Name, o.Operation, status), new[] { "ProblemDetails", "HttpValidationProblemDetails" });
            }
        });
    }

    [Theory]
    [InlineData("CheckBody")]
    [InlineData("CheckResponse")]
    [InlineData("CourtEventsBody")]
    [InlineData("EventsResponse")]
    [InlineData("WatchlistMembersBody")]
    [InlineData("AlertsDto")]
    [InlineData("AssistanceRequestBody")]
    [InlineData("AssistanceDto")]
    [InlineData("FeedbackBody")]
    public void MainBodies_CarryAnExample(string schema)
    {
        var component = Assert.Contains(schema, Document.Components?.Schemas ?? new Dictionary<string, IOpenApiSchema>());
        Assert.NotEmpty(component.Examples ?? []);
    }

    [Fact]
    public void Choices_ListTheirValues()
    {
        var subject = Document.Components!.Schemas!["SubjectBody"];
        Assert.Equal(["resident_id", "passport", "uscc", "org_code"], subject.Properties!["idType"].Enum!.Select(v => v.GetValue<string>()));
        Assert.Contains("idNumber", subject.Required ?? new HashSet<string>());
        Assert.DoesNotContain("name", subject.Required ?? new HashSet<string>());
    }

    [Fact]
    public void EveryField_DeclaresWhatItTakes()
    {
        var untyped = (Document.Components?.Schemas ?? new Dictionary<string, IOpenApiSchema>())
            .SelectMany(c => (c.Value.Properties ?? new Dictionary<string, IOpenApiSchema>()).Select(p => (Field: $"{c.Key}.{p.Key}", Schema: p.Value)))
            .Where(p => !Typed(p.Schema))
            .Select(p => p.Field)
            .ToList();
        Assert.True(untyped.Count == 0, $"fields without a type: {string.Join(", ", untyped)}");
        var seed = Document.Components!.Schemas!["SamplingBody"].Properties!["seed"];
        var forms = (seed.OneOf is { Count: > 0 } nullable && nullable.FirstOrDefault(s => s is OpenApiSchemaReference) is { } reference ? reference : seed).OneOf;
        Assert.Equal(["Integer", "String"], (forms ?? []).Select(s => s.Type?.ToString() ?? "none"));
    }

    [Theory]
    [InlineData("CheckBody", "measure", "catalogue")] // a record of src/Gateway
    [InlineData("CourtEventBody", "eventId", "duplicate")] // a record of src/Grains (read by the silos too)
    [InlineData("CheckBatchBody", "subjects", "10,000")] // a member of the shape it shares with the bound record
    [InlineData("CourtEventsBody", "events", "in order")]
    public void Fields_CarryTheirRecordsDocumentation(string schema, string field, string words)
    {
        var component = Assert.Contains(schema, Document.Components?.Schemas ?? new Dictionary<string, IOpenApiSchema>());
        var property = Assert.Contains(field, component.Properties ?? new Dictionary<string, IOpenApiSchema>());
        Assert.Contains(words, property.Description ?? "", StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("FeedbackBody", "checkId", "uuid")]
    [InlineData("ReportBody", "checkId", "uuid")]
    [InlineData("ReportBody", "checkedAt", "date-time")]
    [InlineData("RedListBody", "until", "date")]
    [InlineData("CourtEventBody", "listedOn", "date")] // typed: the generator's own format
    public void FieldsBoundAsText_DeclareTheirFormat(string schema, string field, string format)
    {
        var component = Assert.Contains(schema, Document.Components?.Schemas ?? new Dictionary<string, IOpenApiSchema>());
        var property = Assert.Contains(field, component.Properties ?? new Dictionary<string, IOpenApiSchema>());
        Assert.Equal(format, property.Format);
    }

    private OpenApiOperation OperationOf(ContractRoute route)
    {
        // A group's "/" maps to the group's path with or without the trailing slash.
        var path = Document.Paths.FirstOrDefault(p => p.Key.TrimEnd('/') == route.Path).Value;
        Assert.True(path is not null, $"{route.Name}: no such path in the document");
        var operation = path.Operations?.GetValueOrDefault(new HttpMethod(route.Method));
        Assert.True(operation is not null, $"{route.Name}: no such operation in the document");
        return operation;
    }

    /// <summary>A schema that says what it takes (a reference, what it refers to): a type, properties, or alternatives that each do; not the empty schema, "anything".</summary>
    private static bool Typed(IOpenApiSchema schema) =>
        schema.Type is not null || schema.Properties is { Count: > 0 } || schema.OneOf is { Count: > 0 } one && one.All(Typed) || schema.AnyOf is { Count: > 0 } any && any.All(Typed);

    /// <summary>A schema of named properties: a component (or an array of one), with at least one property.</summary>
    private static void AssertTyped(string route, string what, IOpenApiSchema? schema)
    {
        var component = schema is { Type: { } type } && type.HasFlag(JsonSchemaType.Array) ? schema.Items : schema;
        var reference = Assert.IsType<OpenApiSchemaReference>(component, exactMatch: false);
        Assert.True(reference.Properties is { Count: > 0 }, $"{route}: the {what} schema {reference.Reference.Id} has no properties");
    }

    /// <summary>The component the problem response of <paramref name="status"/> refers to.</summary>
    private static string ProblemSchemaOf(string route, OpenApiOperation operation, string status)
    {
        var response = operation.Responses?.GetValueOrDefault(status);
        Assert.True(response is not null, $"{route}: no {status} response");
        var schema = At(response.Content, Problem)?.Schema;
        Assert.True(schema is OpenApiSchemaReference, $"{route}: the {status} response is not a problem document");
        return ((OpenApiSchemaReference)schema).Reference.Id!;
    }

    private static T? At<T>(IDictionary<string, T>? map, string key) where T : class => map is not null && map.TryGetValue(key, out var value) ? value : null;
}
