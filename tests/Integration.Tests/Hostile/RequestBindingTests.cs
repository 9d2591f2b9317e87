using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using JointPunishment.Integration.Tests.Infrastructure;

namespace JointPunishment.Integration.Tests.Hostile;

/// <summary>
/// Request records bound by System.Text.Json with strict options and validated by the framework (RequestBody&lt;T&gt;):
/// every invalid field at once, keyed by its JSON path and said in the wire's words; a body that cannot be bound names
/// the one field that stopped it. Driven through <c>POST /v1/credit-repair</c>, whose record nests a subject.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class RequestBindingTests(PostgresServer postgres, SharedSystem shared) : IAsyncLifetime, IClassFixture<SharedSystem>
{
    private RunningSystem _system = null!;
    private string _bank = "";

    public async Task InitializeAsync()
    {
        _system = await shared.StartOnceAsync(postgres);
        _bank = await shared.SetUpOnceAsync(() => _system.RegisterAgencyAsync("binding-bank", "credit.bank_credit"));
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task EveryInvalidField_IsAnsweredAtOnce_ByJsonPath_InTheWiresWords()
    {
        var errors = await ErrorsAsync($$"""{"subject":{"idType":"resident_id","idNumber":"   "},"decision":"maybe","note":"{{new string('x', 2001)}}"}""");

        Assert.Equal(["decision", "note", "subject.idNumber"], errors.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("is required", errors["subject.idNumber"]);
        Assert.Equal("must be one of: granted, denied", errors["decision"]);
        Assert.Equal("must be at most 2000 characters", errors["note"]);
    }

    [Fact]
    public async Task AnIdentityFailingItsCheckCharacter_IsNamedBesideTheOtherFields()
    {
        var errors = await ErrorsAsync("""{"subject":{"idType":"resident_id","idNumber":"110101199003071230"},"decision":"maybe"}""");

        Assert.Equal(["decision", "subject.idNumber"], errors.Keys.Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("""{"subject":{"idType":"passport","idNumber":"E1234567","nmae":"x"},"decision":"granted"}""", "subject.nmae", "is not a known field")]
    [InlineData("""{"]nexpected":1,"subject":{"idType":"passport","idNumber":"E1234567"},"decision":"granted"}""", "]nexpected", "is not a known field")]
    [InlineData("""{"subject":{"idType":"passport","idNumber":"E1234567","'odd name":"x"},"decision":"granted"}""", "subject.'odd name", "is not a known field")]
    [InlineData("""{"subject":{"idType":"passport","idNumber":12},"decision":"granted"}""", "subject.idNumber", "must be a string")]
    [InlineData("""{"subject":[],"decision":"granted"}""", "subject", "must be an object")]
    [InlineData("""{"subject":{"idType":"passport","idNumber":"\ud800"},"decision":"granted"}""", "subject.idNumber", "must be valid Unicode text")]
    public async Task ABodyThatCannotBeBound_NamesTheFieldThatStoppedIt(string body, string field, string message)
    {
        var errors = await ErrorsAsync(body);

        Assert.Equal(field, Assert.Single(errors.Keys));
        Assert.Equal(message, errors[field]);
    }

    [Theory]
    [InlineData("""{"subject":""", "not valid JSON")]
    [InlineData("""[{"decision":"granted"}]""", "must be a JSON object")]
    public async Task ABodyThatIsNotAJsonObject_IsA400Problem(string body, string detail)
    {
        using var response = await PostAsync(body);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(detail, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AValidBody_ReachesTheHandler()
    {
        // Trimmed as bound; the subject was never listed, which only the handler can know.
        using var response = await PostAsync("""{"subject":{"idType":" passport ","idNumber":"E7654321"},"decision":" granted "}""");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task ANullItemInAnArray_IsRefusedNamingTheItem()
    {
        var errors = await ErrorsAsync("""{"rate":0.1,"keyRate":0.2,"units":[null]}""", "/v1/agencies/binding-bank/sampling", RunningSystem.OperatorKey);

        Assert.Equal("is required", Assert.Single(errors, e => e.Key == "units[0]").Value);
    }

    private async Task<Dictionary<string, string>> ErrorsAsync(string body, string path = "/v1/credit-repair", string? key = null)
    {
        using var response = await PostAsync(body, path, key);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.GetProperty("errors").EnumerateObject()
            .ToDictionary(e => e.Name, e => string.Join(" | ", e.Value.EnumerateArray().Select(m => m.GetString())), StringComparer.Ordinal);
    }

    private Task<HttpResponseMessage> PostAsync(string body, string path = "/v1/credit-repair", string? key = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new ByteArrayContent(Encoding.UTF8.GetBytes(body)) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key ?? _bank);
        return _system.Http.SendAsync(request);
    }
}
