using JointPunishment.Bench;

// bench naive-server <url> <postgres>      the baseline HTTP+PostgreSQL system
// bench run <key=value …>                   the benchmark (see BenchOptions); ./bench.sh starts everything it needs
// bench fault gateway=URL operatorKey=K fault=CMD [seconds=40] [faultAt=10] [concurrency=16] [eventLoops=4] [after=20] [base=0]
//                                           load with a fault injected (see FaultRun); scripts/fault-*.sh use it
// bench shard-hosts postgres=CS             the silos the index shards are active on (see ShardHosts)
// bench delay-proxy listen=PORT target=HOST:PORT control=FILE [minMs=1000] [maxMs=3000]
//                                           a TCP proxy slowing each answer while FILE exists (see DelayProxy)
// bench federation-seed listed=N gateway=URL operatorKey=K importer=DLL work=DIR
//                                           seeds the upstream node and prints its court and node keys (see FederationRun)
// bench federation listed=N upstream=URL downstream=URL postgres=CS operatorKey=K courtKey=K work=DIR [seconds=10] [warmup=15] [concurrency=64]
//                                           the initial sync, COPY ceiling and federation lag; ./bench.sh --federation
// bench public-scale gateway=URL postgres=CS [rows=1000000] [baseline=100000] [seconds=10] [concurrency=32]
//                                           the public name search at scale (see PublicScaleRun); scripts/bench-public-scale.sh
return args switch
{
    ["naive-server", var url, var postgres] => await RunNaiveAsync(url, postgres),
    ["run", .. var rest] => await BenchRun.RunAsync(BenchOptions.Parse(rest)),
    ["fault", .. var rest] => await FaultRun.RunAsync(rest),
    ["shard-hosts", .. var rest] => await ShardHosts.RunAsync(rest),
    ["delay-proxy", .. var rest] => await DelayProxy.RunAsync(rest),
    ["federation-seed", .. var rest] => await FederationRun.SeedAsync(rest),
    ["federation", .. var rest] => await FederationRun.RunAsync(FederationOptions.Parse(rest)),
    ["public-scale", .. var rest] => await PublicScaleRun.RunAsync(rest),
    _ => Usage(),
};

static async Task<int> RunNaiveAsync(string url, string postgres)
{
    await NaiveServer.RunAsync(url, postgres);
    return 0;
}

static int Usage()
{
    Console.Error.WriteLine("usage: bench naive-server <url> <postgres> | bench run listed=N gateway=URL naive=URL postgres=CS operatorKey=K importer=DLL work=DIR [seconds=10] [concurrency=64] [churn=RUN_SH]");
    return 2;
}
