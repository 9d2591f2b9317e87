// A railway's own .NET ticketing gateway, checking passengers against the list through the Orleans client.
//   JP_POSTGRES="Host=127.0.0.1;Port=55432;Username=postgres;Database=jointpunishment" \
//   Tls__CertificatePath=.data/secrets/cluster.crt Tls__KeyPath=.data/secrets/cluster.key \
//     dotnet run --project samples/AgencyGateway -- rail resident_id 110101199003071233 G123 second
// Arguments: agency code (registered with the measure consumption.rail), id type, id number, train, seat class, and
// optionally the train type (emu or conventional; without it G, D and C trains are EMUs, the others conventional).
using JointPunishment.ClusterSecurity;
using JointPunishment.Grains.Interfaces;
using JointPunishment.Grains.Interfaces.Checks;
using JointPunishment.Grains.Interfaces.Model;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;

if (args.Length is not (5 or 6) || (args.Length == 6 && args[5] is not ("emu" or "conventional"))
    || Environment.GetEnvironmentVariable("JP_POSTGRES") is not { Length: > 0 } postgres)
{
    Console.Error.WriteLine("usage: JP_POSTGRES=<connection string> AgencyGateway <agency> <resident_id|passport|uscc|org_code> <id number> <train> <seat class> [emu|conventional]");
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
    // Silos are found in the membership table: no gateway list to maintain when operators scale.
    client.UseAdoNetClustering(o =>
    {
        o.Invariant = "Npgsql";
        o.ConnectionString = postgres;
    });
    // TLS with the cluster certificate (Tls:CertificatePath, Tls__CertificatePath in the environment), as the silos use.
    client.UseClusterTls(builder.Configuration, builder.Environment.IsDevelopment());
});

using var host = builder.Build();
await host.StartAsync();
// One CheckGrains per client, shared: it spreads the calls over the silos (a single grain key would reach only one).
var checks = new CheckGrains(host.Services.GetRequiredService<IClusterClient>());

var idType = args[1] switch
{
    "resident_id" => IdType.ResidentId,
    "passport" => IdType.Passport,
    "uscc" => IdType.Uscc,
    _ => IdType.OrgCode,
};
var outcome = await checks.CheckAsync(new CheckRequest(args[0], "consumption.rail", new SubjectInput(idType, args[2]))
{
    Action = new RailAction(args[3], args[4])
    {
        TrainType = args.Length == 6 ? (args[5] == "emu" ? TrainType.Emu : TrainType.Conventional) : null,
    },
});

if (outcome.Result is not { } result)
{
    Console.Error.WriteLine($"{outcome.Error}: {outcome.Field} {outcome.Message}");
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
