using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using JointPunishment.Importer.Http;
using JointPunishment.Importer.Progress;
using JointPunishment.Importer.State;
using JointPunishment.Importer.Tests.Fakes;
using Microsoft.AspNetCore.Http;

namespace JointPunishment.Importer.Tests;

/// <summary>Whole runs of the importer against a real in-process HTTP server that answers like the gateway.</summary>
public sealed class ImportRunnerTests : GatewayTest
{
    private static readonly RetryPolicy FastRetry = new(8, TimeSpan.FromMilliseconds(1), TimeSpan.FromMilliseconds(5));

    [Fact]
    public async Task Run_File_SendsEveryEventOnceInBatchesAndSummarises()
    {
        var file = Folder.Write("events.jsonl", Events.Lines(2500) + "garbage\n" + Events.Line("bad1", type: "nonsense") + "\n");

        var run = await RunAsync(Options(file) with { BatchSize = 1000, Parallel = 4 });

        Assert.Equal(ExitCodes.Done, run.Exit);
        var requests = Gateway.Answered();
        Assert.Equal([501, 1000, 1000], requests.Select(r => r.EventIds.Count).Order());
        Assert.All(requests, r => Assert.Equal($"Bearer {FakeCourtGateway.Key}", r.Authorization));
        Assert.Equal(
            [.. Enumerable.Range(1, 2500).Select(i => $"e{i}").Append("bad1").Order(StringComparer.Ordinal)],
            requests.SelectMany(r => r.EventIds).Order(StringComparer.Ordinal));
        Assert.Equal((2501, 2500, 0, 1, 1), Counts(run.Summary));
        var rejection = Assert.Single(run.Summary.GetProperty("rejections").EnumerateArray());
        Assert.Equal((2502, "bad1", "type: 'nonsense' is not an event type"), (rejection.GetProperty("line").GetInt64(), rejection.GetProperty("eventId").GetString(), rejection.GetProperty("error").GetString()));
        Assert.Equal(2501, Assert.Single(run.Summary.GetProperty("invalidRecords").EnumerateArray()).GetProperty("line").GetInt64());
        Assert.Equal(2502, run.Summary.GetProperty("doneThroughLine").GetInt64());
        Assert.Equal(2502, new StateFile(file + ".import-state").Load()!.Line);
        Assert.Equal(file, run.Summary.GetProperty("file").GetString());
        Assert.True(run.Summary.GetProperty("seconds").GetDouble() > 0);
        Assert.True(run.Summary.GetProperty("eventsPerSecond").GetDouble() > 0);
    }

    [Fact]
    public async Task Run_Csv_SendsTheMappedEvents()
    {
        var file = Folder.Write("events.csv",
            "eventId,type,caseNumber,idType,idNumber,name,on,listedOn,public,obligation,measure,outcome,reason,until,basis,officers\n"
            + "c1,listed,C-1,uscc,91350100M000100Y43,\"Acme, Ltd\",,2024-03-01,true,,,,,,,legal_representative|passport|E1|Li Si\n"
            + "c2,performed,C-1,uscc,91350100M000100Y43,\"Acme, Ltd\",2024-04-01,,,,,,,,,\n");

        var run = await RunAsync(Options(file));

        Assert.Equal(ExitCodes.Done, run.Exit);
        Assert.Equal(["c1", "c2"], Assert.Single(Gateway.Answered()).EventIds);
        Assert.Equal((2, 2, 0, 0, 0), Counts(run.Summary));
        Assert.Equal(3, run.Summary.GetProperty("doneThroughLine").GetInt64());
    }

    [Fact]
    public async Task Run_Answer503Twice_RetriesTheSameBatchThenSucceeds()
    {
        var file = Folder.Write("events.jsonl", Events.Lines(5));
        Gateway.Intercept = (number, _) => Task.FromResult<IResult?>(number <= 2 ? Results.StatusCode(StatusCodes.Status503ServiceUnavailable) : null);

        var run = await RunAsync(Options(file));

        Assert.Equal(ExitCodes.Done, run.Exit);
        Assert.Equal([503, 503, 200], Gateway.Requests.OrderBy(r => r.Number).Select(r => r.Status));
        Assert.All(Gateway.Requests, r => Assert.Equal(["e1", "e2", "e3", "e4", "e5"], r.EventIds));
        Assert.Equal((5, 5, 0, 0, 0), Counts(run.Summary));
        Assert.Contains("503 ServiceUnavailable; try 2 of 8", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_Answer400_StopsWithTheProblemDetailAndExitCode2()
    {
        var file = Folder.Write("events.jsonl", Events.Lines(9));
        Gateway.Intercept = (number, _) => Task.FromResult(number == 2
            ? FakeCourtGateway.Problem(400, "Malformed request", "the events array is not valid", new Dictionary<string, string[]> { ["events"] = ["must be an array"] })
            : null);

        var run = await RunAsync(Options(file) with { BatchSize = 3, Parallel = 1 });

        Assert.Equal(ExitCodes.Refused, run.Exit);
        Assert.Equal([200, 400], Gateway.Requests.OrderBy(r => r.Number).Select(r => r.Status));
        Assert.Contains("the gateway answered 400 BadRequest: Malformed request — the events array is not valid", run.Error, StringComparison.Ordinal);
        Assert.Contains("events: must be an array", run.Error, StringComparison.Ordinal);
        Assert.StartsWith("the gateway answered 400", run.Summary.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Equal((3, 3, 0, 0, 0), Counts(run.Summary));
    }

    [Fact]
    public async Task Run_StoppedAfterTwoBatches_ResumesAtTheNextLineAndARestartGetsDuplicates()
    {
        var file = Folder.Write("events.jsonl", Events.Lines(10));
        Gateway.Intercept = (number, _) => Task.FromResult(number == 3 ? FakeCourtGateway.Problem(400, "Stop", "stop here") : null);

        var stopped = await RunAsync(Options(file) with { BatchSize = 3, Parallel = 1 });

        Assert.Equal(ExitCodes.Refused, stopped.Exit);
        Assert.Equal(6, new StateFile(file + ".import-state").Load()!.Line);
        Assert.Contains("Lines through 6 are done", stopped.Error, StringComparison.Ordinal);

        Gateway.Intercept = null;
        var before = Gateway.Requests.Count;
        var resumed = await RunAsync(Options(file) with { BatchSize = 3, Parallel = 1 });

        Assert.Equal(ExitCodes.Done, resumed.Exit);
        Assert.Equal(["e7", "e8", "e9", "e10"], Gateway.Requests.OrderBy(r => r.Number).Skip(before).SelectMany(r => r.EventIds));
        Assert.Equal(6, resumed.Summary.GetProperty("resumedAfterLine").GetInt64());
        Assert.Equal((4, 4, 0, 0, 0), Counts(resumed.Summary));
        Assert.Equal(10, new StateFile(file + ".import-state").Load()!.Line);

        var again = await RunAsync(Options(file) with { Restart = true });

        Assert.Equal(ExitCodes.Done, again.Exit);
        Assert.Equal((10, 0, 10, 0, 0), Counts(again.Summary));
    }

    [Fact]
    public async Task Run_BatchesFinishingOutOfOrder_AllCountedAndTheStateReachesTheEnd()
    {
        var file = Folder.Write("events.jsonl", Events.Lines(4));
        var othersAnswered = new TaskCompletionSource();
        var others = 0;
        Gateway.Intercept = async (_, ids) =>
        {
            if (ids[0] == "e1")
            {
                // The first batch is answered last.
                await othersAnswered.Task.WaitAsync(TimeSpan.FromSeconds(30));
            }
            else if (Interlocked.Increment(ref others) == 3)
            {
                othersAnswered.SetResult();
            }

            return null;
        };

        var run = await RunAsync(Options(file) with { BatchSize = 1, Parallel = 4 });

        Assert.Equal(ExitCodes.Done, run.Exit);
        Assert.Equal((4, 4, 0, 0, 0), Counts(run.Summary));
        Assert.Equal(4, new StateFile(file + ".import-state").Load()!.Line);
    }

    [Fact]
    public async Task Run_WrongKey_StopsWith401AndExitCode2()
    {
        var file = Folder.Write("events.jsonl", Events.Lines(2));

        var run = await RunAsync(Options(file) with { Key = "wrong" });

        Assert.Equal(ExitCodes.Refused, run.Exit);
        Assert.Contains("401 Unauthorized: Unauthorized — missing or unknown key", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_NothingListening_FailsWithExitCode1AfterTheLastTry()
    {
        var file = Folder.Write("events.jsonl", Events.Lines(2));
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();

        var run = await RunAsync(Options(file) with { Gateway = new Uri($"http://127.0.0.1:{port}"), Retry = FastRetry with { MaxTries = 3 } });

        Assert.Equal(ExitCodes.LocalError, run.Exit);
        Assert.Contains($"http://127.0.0.1:{port}/v1/court/events did not answer lines 1-2 after 3 tries", run.Error, StringComparison.Ordinal);
        Assert.Contains("try 3 of 3", run.Error, StringComparison.Ordinal);
        Assert.Equal((0, 0, 0, 0, 0), Counts(run.Summary));
    }

    [Fact]
    public async Task Run_StateOfADifferentFile_RefusesWithoutRestart()
    {
        var file = Folder.Write("events.jsonl", Events.Lines(3));
        Assert.Equal(ExitCodes.Done, (await RunAsync(Options(file))).Exit);
        File.WriteAllText(file, Events.Lines(3, prefix: "other"));

        var run = await RunAsync(Options(file));

        Assert.Equal(ExitCodes.LocalError, run.Exit);
        Assert.Contains("pass --restart", run.Error, StringComparison.Ordinal);
        Assert.Single(Gateway.Requests);
    }

    private ImportOptions Options(string file) =>
        new(Gateway.Url, FakeCourtGateway.Key, file, ImportOptions.FormatFor(file)) { Retry = FastRetry, Progress = ProgressMode.Lines };

    private static (long Sent, long Applied, long Duplicate, long Rejected, long Invalid) Counts(JsonElement summary) => (
        summary.GetProperty("sent").GetInt64(), summary.GetProperty("applied").GetInt64(), summary.GetProperty("duplicate").GetInt64(),
        summary.GetProperty("rejected").GetInt64(), summary.GetProperty("invalid").GetInt64());

    private static async Task<(int Exit, JsonElement Summary, string Error)> RunAsync(ImportOptions options)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await new ImportRunner(options, TextWriter.Synchronized(output), TextWriter.Synchronized(error)).RunAsync();
        var lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        return (exit, JsonDocument.Parse(Assert.Single(lines)).RootElement.Clone(), error.ToString());
    }
}
