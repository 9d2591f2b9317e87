namespace JointPunishment.Importer.Progress;

public enum ProgressMode
{
    /// <summary><c>--quiet</c>: no progress, only errors.</summary>
    None,

    /// <summary>stderr is a terminal: a bar redrawn in place.</summary>
    Bar,

    /// <summary>stderr is a file or pipe: one line every few seconds.</summary>
    Lines,
}
