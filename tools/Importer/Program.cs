using System.CommandLine;
using JointPunishment.Importer;
using JointPunishment.Importer.Http;
using JointPunishment.Importer.Input;
using JointPunishment.Importer.Progress;

var gateway = new Option<string?>("--gateway") { Description = "Gateway base URL, e.g. https://jp.example.org (not needed with --dry-run)" };
var key = new Option<string?>("--key") { Description = "The court's API key (default: the JP_COURT_KEY environment variable, which keeps it out of the process list)" };
var file = new Option<string>("--file") { Description = "The events: JSON lines (one CONTRACT.md event object per line) or CSV with a header row", Required = true };
var format = new Option<string?>("--format") { Description = "jsonl or csv (default: csv for a .csv file, jsonl otherwise)" };
format.AcceptOnlyFromAmong("jsonl", "csv");
var batch = new Option<int>("--batch") { Description = "Events per request, 1 to 1000", DefaultValueFactory = _ => Batcher.MaxBatchSize };
var parallel = new Option<int>("--parallel") { Description = "Requests in flight at once", DefaultValueFactory = _ => 4 };
var state = new Option<string?>("--state") { Description = "Resume state file (default: FILE.import-state)" };
var restart = new Option<bool>("--restart") { Description = "Ignore an earlier run's state file and import from the first line" };
var quiet = new Option<bool>("--quiet") { Description = "No progress on stderr, only errors" };
var maxRetries = new Option<int>("--max-retries") { Description = "Retries of a batch after 5xx, timeouts or connection errors, with exponential backoff (7: 8 tries in all)", DefaultValueFactory = _ => RetryPolicy.Default.MaxTries - 1 };
var maxRetryDelay = new Option<double>("--max-retry-delay") { Description = "Longest wait between tries, in seconds", DefaultValueFactory = _ => RetryPolicy.Default.MaxDelay.TotalSeconds };
var encoding = new Option<string>("--encoding") { Description = "The file's character encoding: utf-8, or gb18030 / gbk for a CSV saved by Excel on a Chinese Windows", DefaultValueFactory = _ => "utf-8" };
var dryRun = new Option<bool>("--dry-run") { Description = "Check the whole file and list every bad record (line and field); send nothing. Exit code 3 when there are any" };
var timeout = new Option<double>("--timeout") { Description = "Seconds one request may take before it is retried", DefaultValueFactory = _ => 100 };

batch.Validators.Add(r =>
{
    if (r.GetValueOrDefault<int>() is < 1 or > Batcher.MaxBatchSize)
    {
        r.AddError($"--batch must be between 1 and {Batcher.MaxBatchSize} (CONTRACT.md: at most 1000 events per request)");
    }
});
parallel.Validators.Add(r =>
{
    if (r.GetValueOrDefault<int>() is < 1 or > 64)
    {
        r.AddError("--parallel must be between 1 and 64");
    }
});
maxRetries.Validators.Add(r =>
{
    if (r.GetValueOrDefault<int>() is < 0 or > 100)
    {
        r.AddError("--max-retries must be between 0 and 100");
    }
});
maxRetryDelay.Validators.Add(r =>
{
    if (r.GetValueOrDefault<double>() is not (> 0 and <= 3600))
    {
        r.AddError("--max-retry-delay must be more than 0 and at most 3600 seconds");
    }
});
timeout.Validators.Add(r =>
{
    if (r.GetValueOrDefault<double>() is not (> 0 and <= 3600))
    {
        r.AddError("--timeout must be more than 0 and at most 3600 seconds");
    }
});

encoding.Validators.Add(r =>
{
    if (InputEncoding.Resolve(r.GetValueOrDefault<string>()).Error is { } error)
    {
        r.AddError(error);
    }
});

var root = new RootCommand("Imports court events (CONTRACT.md \"Court\") from a JSON lines or CSV file into the JointPunishment gateway. "
    + "Resumable: run the same command again after a stop. Exit codes: 0 every batch answered, 1 local error, 2 the gateway refused a request (4xx), "
    + "3 --dry-run found bad records.")
{
    gateway, key, file, format, encoding, dryRun, batch, parallel, state, restart, quiet, maxRetries, maxRetryDelay, timeout,
};

root.SetAction(async (parse, cancellationToken) =>
{
    var dry = parse.GetValue(dryRun);
    var gatewayUri = new Uri("http://127.0.0.1/");
    if (!dry && (!Uri.TryCreate(parse.GetValue(gateway), UriKind.Absolute, out gatewayUri!) || gatewayUri.Scheme is not ("http" or "https")))
    {
        await Console.Error.WriteLineAsync("importer: --gateway must be an absolute http(s) URL");
        return ExitCodes.LocalError;
    }

    var apiKey = parse.GetValue(key) ?? Environment.GetEnvironmentVariable("JP_COURT_KEY") ?? "";
    if (!dry && string.IsNullOrWhiteSpace(apiKey))
    {
        await Console.Error.WriteLineAsync("importer: --key (or JP_COURT_KEY) is required");
        return ExitCodes.LocalError;
    }

    var path = parse.GetValue(file)!;
    var options = new ImportOptions(gatewayUri, apiKey, path, parse.GetValue(format) switch
    {
        "csv" => InputFormat.Csv,
        "jsonl" => InputFormat.JsonLines,
        _ => ImportOptions.FormatFor(path),
    })
    {
        BatchSize = parse.GetValue(batch),
        Parallel = parse.GetValue(parallel),
        StatePath = parse.GetValue(state),
        Restart = parse.GetValue(restart),
        Progress = parse.GetValue(quiet) ? ProgressMode.None : Console.IsErrorRedirected ? ProgressMode.Lines : ProgressMode.Bar,
        Encoding = InputEncoding.Resolve(parse.GetValue(encoding)!).Encoding!,
        DryRun = dry,
        Retry = RetryPolicy.Default with
        {
            MaxTries = parse.GetValue(maxRetries) + 1,
            MaxDelay = TimeSpan.FromSeconds(parse.GetValue(maxRetryDelay)),
        },
        Timeout = TimeSpan.FromSeconds(parse.GetValue(timeout)),
    };
    return await new ImportRunner(options, Console.Out, Console.Error).RunAsync(cancellationToken);
});

return await root.Parse(args).InvokeAsync();
