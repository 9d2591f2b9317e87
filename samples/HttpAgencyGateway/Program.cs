// A railway's own .NET ticketing gateway, checking passengers over HTTP with the JointPunishment.Client package; beside
// samples/AgencyGateway, which reaches the cluster through the Orleans client. Needs only the gateway's URL and the key
// the operator issued to the railway (registered with the measure consumption.rail):
//   JP_GATEWAY_URL=http://127.0.0.1:5080 JP_AGENCY_KEY=<key> \
//     dotnet run --project samples/HttpAgencyGateway -- resident_id 110101199003071233 G123 second
// Arguments: id type, id number, train, seat class, and optionally the train type (emu or conventional).
using JointPunishment.Client;
using Microsoft.Extensions.DependencyInjection;

if (args.Length is not (4 or 5) || (args.Length == 5 && args[4] is not ("emu" or "conventional"))
    || Environment.GetEnvironmentVariable("JP_AGENCY_KEY") is not { Length: > 0 } key)
{
    Console.Error.WriteLine("usage: JP_GATEWAY_URL=<url> JP_AGENCY_KEY=<key> HttpAgencyGateway <resident_id|passport|uscc|org_code> <id number> <train> <seat class> [emu|conventional]");
    return 2;
}

var services = new ServiceCollection();
services.AddJointPunishmentClient(o =>
{
    o.BaseAddress = new Uri(Environment.GetEnvironmentVariable("JP_GATEWAY_URL") is { Length: > 0 } url ? url : "http://127.0.0.1:5080");
    o.ApiKey = key;
});
await using var provider = services.BuildServiceProvider();
var client = provider.GetRequiredService<JointPunishmentClient>();

var idType = args[0] switch
{
    "resident_id" => IdType.ResidentId,
    "passport" => IdType.Passport,
    "uscc" => IdType.Uscc,
    _ => IdType.OrgCode,
};
CheckResult result;
try
{
    result = await client.CheckAsync(new CheckRequest("consumption.rail", new Subject(idType, args[1]))
    {
        Action = new RailAction(args[2], args[3], args.Length == 5 ? (args[4] == "emu" ? TrainType.Emu : TrainType.Conventional) : null),
    });
}
catch (JointPunishmentApiException e)
{
    // A 400 names each invalid field (subject.idNumber, action.seatClass); a 401 is a wrong key.
    Console.Error.WriteLine(e.Message);
    return 1;
}

// Sell the ticket only on allow; a block names the cases it rests on.
Console.WriteLine($"check {result.CheckId}: {result.Decision}");
foreach (var basis in result.Measures.SelectMany(m => m.Basis))
{
    Console.WriteLine($"  case {basis.CaseNumber} at court {basis.Court}, as {basis.As}");
}

// 自动反馈: say what the railway did, so that the agency's ledger shows it punished who it had to.
await client.SendFeedbackAsync(result.CheckId, result.Decision == Decision.Allow ? FeedbackOutcome.Served : FeedbackOutcome.Refused);
return 0;
