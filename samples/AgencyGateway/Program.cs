// A railway's own .NET ticketing gateway, checking passengers against the list through the Orleans client, with only
// what the operator gives an agency (docs/security.md, "Agencies' Orleans clients"; scripts/agency-credentials.sh):
//   JP_POSTGRES="Host=db.example;Port=5432;Username=jp_agency_rail;Password=…;Database=jointpunishment" \
//   JP_AGENCY_KEY=jpa.rail.… \
//   Tls__CertificatePath=agency-rail.crt Tls__KeyPath=agency-rail.key Tls__CaPath=cluster.crt \
//     dotnet run --project samples/AgencyGateway -- resident_id 110101199003071233 G123 second
// JP_POSTGRES may only read where the silos are; JP_AGENCY_KEY is the agency's API key (registered with the measure
// consumption.rail), which the silos check on every call. Arguments: id type, id number, train, seat class, and
// optionally the train type (emu or conventional; without it G, D and C trains are EMUs, the others conventional).
using JointPunishment.ClusterSecurity;
using JointPunishment.Grains.Interfaces;
using JointPunishment.Grains.Interfaces.Checks;
using JointPunishment.Grains.Interfaces.Model;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;

if (args.Length is not (4 or 5) || (args.Length == 5 && args[4] is not ("emu" or "conventional"))
    || Environment.GetEnvironmentVariable("JP_POSTGRES") is not { Length: > 0 } postgres
    || Environment.GetEnvironmentVariable("JP_AGENCY_KEY") is not { Length: > 0 } agencyKey
    || agencyKey.Split('.') is not ["jpa", { Length: > 0 } agency, { Length: > 0 }])
{
    Console.Error.WriteLine("usage: JP_POSTGRES=<connection string> JP_AGENCY_KEY=jpa.<agency>.<secret> AgencyGateway <resident_id|passport|uscc|org_code> <id number> <train> <seat class> [emu|conventional]");
    return 2;
}

var builder = Host.CreateApplicationBuilder();
builder.Logging.SetMinimumLevel(LogLevel.Warning);
builder.UseOrleansClient(client =>
{
    client.Configure<ClusterOptions>(o =>
    {
        o.ClusterId = ClusterIdentity.DefaultClusterId;
        o.ServiceId = ClusterIdentity.DefaultServiceId;
    });
    // Silos are found in the membership table (the agency's database login may read nothing else): no gateway list
    // to maintain when operators scale.
    client.UseAdoNetClustering(o =>
    {
        o.Invariant = "Npgsql";
        o.ConnectionString = postgres;
    });
    // Mutual TLS: this agency's certificate (Tls:CertificatePath, Tls:KeyPath), and silos are trusted when they present
    // the cluster certificate (Tls:CaPath); in the environment Tls__CertificatePath and so on.
    client.UseClusterTls(builder.Configuration, builder.Environment.IsDevelopment());
    // Every call carries the agency's key: the silos answer checks made in this agency's name, and nothing else.
    client.UseAgencyKey(agencyKey);
});

using var host = builder.Build();
await host.StartAsync();
// One CheckGrains per client, shared: it spreads the calls over the silos (a single grain key would reach only one).
var checks = new CheckGrains(host.Services.GetRequiredService<IClusterClient>());

var idType = args[0] switch
{
    "resident_id" => IdType.ResidentId,
    "passport" => IdType.Passport,
    "uscc" => IdType.Uscc,
    _ => IdType.OrgCode,
};
CheckOutcome outcome;
try
{
    outcome = await checks.CheckAsync(new CheckRequest(agency, "consumption.rail", new SubjectInput(idType, args[1]))
    {
        Action = new RailAction(args[2], args[3])
        {
            TrainType = args.Length == 5 ? (args[4] == "emu" ? TrainType.Emu : TrainType.Conventional) : null,
        },
    });
}
catch (UnauthorizedAccessException refused)
{
    // A revoked or rotated key: the operator issues the new one.
    Console.Error.WriteLine(refused.Message);
    await host.StopAsync();
    return 1;
}

if (outcome.Result is not { } result)
{
    Console.Error.WriteLine($"{outcome.Error}: {outcome.Field} {outcome.Message}");
    await host.StopAsync();
    return 1;
}

// Sell the ticket only on allow; a block names the cases it rests on.
Console.WriteLine($"check {outcome.CheckId}: {result.Decision}");
foreach (var basis in result.Measures.SelectMany(m => m.Basis))
{
    Console.WriteLine($"  case {basis.CaseNumber} at court {basis.Court}, as {basis.As}");
}

await host.StopAsync();
return 0;
