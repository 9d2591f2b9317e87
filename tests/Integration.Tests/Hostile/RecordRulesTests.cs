using System.Text;
using System.Text.Json.Serialization;
using JointPunishment.Gateway.Apis;
using JointPunishment.Grains.Wire;
using JointPunishment.Grains.Wire.Records;

namespace JointPunishment.Integration.Tests.Hostile;

/// <summary>
/// How a bound request record's rules are judged (<see cref="RecordRules"/>, through <see cref="RequestJson.Bind"/>): as
/// the framework's validator judges a value, every field at once, keyed by JSON path, into records and list items.
/// </summary>
public sealed class RecordRulesTests
{
    [Fact]
    public void EveryBrokenRule_IsReportedAtOnce_UnderItsJsonPath()
    {
        var errors = Bind<ChecksApi.CheckBody>($$$"""{"subject":{"idType":"visa","name":"{{{new string('n', 201)}}}"},"action":{"trainType":"maglev"}}""");

        Assert.Equal("is required", errors["measure"]);
        Assert.Equal("must be one of: resident_id, passport, uscc, org_code", errors["subject.idType"]);
        Assert.Equal("is required", errors["subject.idNumber"]);
        Assert.Equal("must be at most 200 characters", errors["subject.name"]);
        Assert.Equal("must be one of: emu, conventional", errors["action.trainType"]);
        Assert.Equal(5, errors.Count);
    }

    [Fact]
    public void AMissingField_IsJudgedByRequiredAlone()
    {
        // Blank text binds as absent: it is missing, not also "too short" or "not one of".
        var errors = Bind<ChecksApi.CheckBody>("""{"measure":"consumption.rail","subject":{"idType":"   ","idNumber":"E7654321"}}""");

        Assert.Equal("is required", Assert.Single(errors, e => e.Key == "subject.idType").Value);
        Assert.Single(errors);
    }

    [Fact]
    public void ListItems_AreJudgedEachUnderItsIndex_AndANullItemIsMissing()
    {
        var errors = Bind<ChecksApi.CheckBody>(
            """{"measure":"consumption.rail","subject":{"idType":"passport","idNumber":"E7654321"},"relatedPersons":[null,{"role":"boss","idType":"passport","idNumber":"E1"}]}""");

        Assert.Equal("is required", errors["relatedPersons[0]"]);
        Assert.Equal("must be one of: legal_representative, actual_controller, director, supervisor, senior_manager, principal", errors["relatedPersons[1].role"]);
        Assert.Equal(2, errors.Count);
    }

    [Fact]
    public void AListOfText_RefusesAMissingItemUnderItsIndex()
    {
        var errors = Bind<WatchlistsApi.WatchlistMembersBody>("""{"measure":"consumption.rail","remove":["a"," "]}""");

        Assert.Equal("is required", Assert.Single(errors).Value);
        Assert.Equal("remove[1]", Assert.Single(errors).Key);
    }

    [Fact]
    public void AValidBody_BindsWithNoError()
    {
        var (body, errors) = RequestJson.Bind<ChecksApi.CheckBody>(
            """{"measure":" consumption.rail ","subject":{"idType":"passport","idNumber":"E7654321"},"action":{"trainNumber":"G1","seatClass":"first"}}"""u8);

        Assert.False(errors.Any, string.Join("; ", errors.ToDictionary().Select(e => $"{e.Key}: {string.Join(", ", e.Value)}")));
        Assert.Equal("consumption.rail", body!.Measure);
        Assert.Equal("G1", body.Action!.TrainNumber);
    }

    [Fact]
    public void AnUnknownFieldsLongName_IsEchoedCutTo64Characters()
    {
        var name = new string('x', 1000);

        var key = Assert.Single(Bind<ChecksApi.CheckBody>($$$"""{"subject":{"{{{name}}}":1}}""")).Key;

        Assert.Equal($"subject.{name[..64]}…", key);
    }

    [Fact]
    public void AnError_IsKeyedByTheNameTheSerializerReadsTheFieldBy()
    {
        var errors = Bind<Renamed>("""{"as":" "}""");

        Assert.Equal("as", Assert.Single(errors).Key);
    }

    private static Dictionary<string, string> Bind<TBody>(string json)
        where TBody : class
    {
        var (_, errors) = RequestJson.Bind<TBody>(Encoding.UTF8.GetBytes(json));
        return errors.ToDictionary().ToDictionary(e => e.Key, e => string.Join(" | ", e.Value), StringComparer.Ordinal);
    }

    /// <summary>A record whose field's wire name is not its C# name.</summary>
    public sealed record Renamed
    {
        [Required]
        [JsonPropertyName("as")]
        public required string Alias { get; init; }
    }
}
