using System.Buffers;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using CsvHelper;
using JointPunishment.Importer.Http;
using JointPunishment.Importer.Input;
using JointPunishment.Importer.Progress;
using JointPunishment.Importer.State;

namespace JointPunishment.Importer;

/// <summary>
/// Streams the file in batches to the court events endpoint with up to <see cref="ImportOptions.Parallel"/>
/// requests in flight, records the resume position after every answered batch, and prints the summary.
/// </summary>
public sealed class ImportRunner(ImportOptions options, TextWriter output, TextWriter error)
{
    /// <summary>Set once the input and the state file are read, so a run that stops later still reports what it did.</summary>
    private ImportTally? _tally;

    public async Task<int> RunAsync(CancellationToken cancellationToken = default)
    {
        if (options.DryRun)
        {
            return await new DryRun(options, output, error).RunAsync(cancellationToken);
        }

        var clock = Stopwatch.StartNew();
        string? failure = null;
        int exitCode;
        try
        {
            await ImportAsync(cancellationToken);
            exitCode = ExitCodes.Done;
        }
        catch (GatewayRejectedException e)
        {
            (failure, exitCode) = (e.Describe(), ExitCodes.Refused);
        }
        catch (Exception e) when (e is GatewayUnavailableException or GatewayProtocolException or CsvFormatException
            or InvalidDataException or IOException or UnauthorizedAccessException)
        {
            (failure, exitCode) = (e.Message, ExitCodes.LocalError);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            (failure, exitCode) = ("interrupted", ExitCodes.Interrupted);
        }

        var snapshot = _tally?.Snapshot();
        if (failure is not null)
        {
            var resume = snapshot is null ? "" : $" Lines through {snapshot.DoneLine} are done; run the same command again to resume.";
            await error.WriteLineAsync($"importer: {failure}.{resume}");
        }

        var seconds = clock.Elapsed.TotalSeconds;
        var sent = snapshot?.Sent ?? 0;
        var summary = new ImportSummary(
            options.File, sent, snapshot?.Applied ?? 0, snapshot?.Duplicate ?? 0, snapshot?.Rejected ?? 0, snapshot?.Invalid ?? 0,
            Math.Round(seconds, 3), seconds > 0 ? Math.Round(sent / seconds, 1) : 0,
            snapshot?.Rejections ?? [], snapshot?.InvalidRecords ?? [],
            _tally?.ResumedAfterLine ?? 0, snapshot?.DoneLine ?? 0, failure);
        await output.WriteLineAsync(SummaryJson(summary));
        await output.FlushAsync(cancellationToken.IsCancellationRequested ? CancellationToken.None : cancellationToken);
        return exitCode;
    }

    private async Task ImportAsync(CancellationToken cancellationToken)
    {
        if (!File.Exists(options.File))
        {
            throw new IOException($"{options.File}: no such file");
        }

        var stateFile = new StateFile(options.StatePath ?? StateFile.DefaultPathFor(options.File));
        var resumeAfter = 0L;
        if (!options.Restart && stateFile.Load() is { } saved)
        {
            if (!StateFile.Matches(saved, options.File))
            {
                throw new InvalidDataException(
                    $"{stateFile.Path} records progress through line {saved.Line} of a file whose beginning differs from {options.File} now; pass --restart to import it from the start");
            }

            resumeAfter = saved.Line;
        }

        var (fingerprintLength, fingerprint) = StateFile.Fingerprint(options.File);
        var fullPath = Path.GetFullPath(options.File);
        var totalBytes = new FileInfo(options.File).Length;
        var totalLines = options.Progress == ProgressMode.None ? null : LineCounter.CountLines(options.File, cancellationToken);
        var tally = _tally = new ImportTally(resumeAfter, 0);

        await using var progress = new ProgressReporter(error, options.Progress, tally.Snapshot, totalLines, totalBytes);
        if (resumeAfter > 0)
        {
            progress.Notice($"resuming after line {resumeAfter} ({stateFile.Path})");
        }

        progress.Start();
        using var http = CreateHttpClient();
        var client = new CourtEventsClient(http, CourtEventsClient.EndpointFor(options.Gateway), options.Retry, progress.Notice);
        await using var file = new FileStream(options.File, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan | FileOptions.Asynchronous);
        // A GB18030/GBK file is read as UTF-8; its byte offsets (progress of a file too large to count lines) are then UTF-8 ones.
        await using var stream = InputEncoding.AsUtf8(file, options.Encoding);
        IEventSource source = options.Format == InputFormat.Csv ? new CsvEventSource(stream) : new JsonLinesSource(stream);

        var saveLock = new Lock();
        var savedLine = resumeAfter;
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = options.Parallel, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(Batcher.BatchAsync(source.ReadAsync(resumeAfter, cancellationToken), options.BatchSize, cancellationToken), parallel, async (batch, token) =>
        {
            IReadOnlyList<EventResult> results = batch.Events.Count == 0 ? [] : await client.SendAsync(batch, token);
            if (tally.Complete(batch, results) is { } done)
            {
                // Two batches can finish at once: never let the slower writer move the position back.
                lock (saveLock)
                {
                    if (done > savedLine)
                    {
                        stateFile.Save(new ImportState(fullPath, fingerprintLength, fingerprint, done, DateTimeOffset.UtcNow));
                        savedLine = done;
                    }
                }
            }
        });
    }

    /// <summary>The summary as one line of JSON, Chinese in errors left readable rather than escaped (stdout is not HTML).</summary>
    public static string SummaryJson(ImportSummary summary)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            JsonSerializer.Serialize(writer, summary, ImporterJsonContext.Default.ImportSummary);
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private HttpClient CreateHttpClient()
    {
        var handler = new SocketsHttpHandler
        {
            ConnectTimeout = options.Timeout < TimeSpan.FromSeconds(15) ? options.Timeout : TimeSpan.FromSeconds(15),
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            AutomaticDecompression = DecompressionMethods.All,
        };
        var http = new HttpClient(handler) { Timeout = options.Timeout };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", options.Key);
        http.DefaultRequestHeaders.UserAgent.Add(new ProductInfoHeaderValue("JointPunishment.Importer", "1.0"));
        return http;
    }
}
