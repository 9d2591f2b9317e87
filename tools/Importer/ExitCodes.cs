namespace JointPunishment.Importer;

public static class ExitCodes
{
    /// <summary>Every batch was answered; rejected events are in the summary, not a failure of the run.</summary>
    public const int Done = 0;

    /// <summary>A local problem: the file, the state file, or a gateway that could not be reached after every retry.</summary>
    public const int LocalError = 1;

    /// <summary>The gateway refused a request with a 4xx (wrong key, malformed request); the problem is printed.</summary>
    public const int Refused = 2;

    /// <summary><c>--dry-run</c> found records that are not valid events; each is listed.</summary>
    public const int Invalid = 3;

    /// <summary>Ctrl-C / SIGTERM: what was answered is recorded, the next run resumes from there.</summary>
    public const int Interrupted = 130;
}
