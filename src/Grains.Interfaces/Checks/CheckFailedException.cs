namespace JointPunishment.Grains.Interfaces.Checks;

/// <summary>
/// A check inside a coalesced call (<see cref="ICheckGrain.CheckCoalescedAsync"/>) failed with an exception that cannot
/// travel back (Orleans has no codec for it or for one of its inner exceptions, such as a storage exception of the silo's
/// own): its type and message, for that check's caller only. An exception that can travel is returned as it is.
/// </summary>
[GenerateSerializer, Alias("jp.CheckFailedException")]
public sealed class CheckFailedException : Exception
{
    public CheckFailedException()
    {
    }

    public CheckFailedException(string message)
        : base(message)
    {
    }

    public CheckFailedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Stands for <paramref name="failure"/>: its type's name and its message.</summary>
    public static CheckFailedException For(Exception failure)
    {
        ArgumentNullException.ThrowIfNull(failure);
        return new CheckFailedException($"{failure.GetType().FullName}: {failure.Message}");
    }
}
