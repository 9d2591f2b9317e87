using JointPunishment.Grains.Checks;

namespace JointPunishment.Grains.Tests;

/// <summary>
/// This cluster records no checks (the integration tests record them in PostgreSQL): the checks these tests make are
/// refused before anything is recorded, and a test that reaches the recorder fails saying so.
/// </summary>
public sealed class NoCheckRecords : ICheckRecorder
{
    public ValueTask RecordAsync(CheckRecord record) => throw Unrecorded();

    public void RecordAllowed(string agency, string measure, DateTimeOffset at, int count) => throw Unrecorded();

    public Task FlushAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;

    private static InvalidOperationException Unrecorded() =>
        new("The grain tests' cluster records no checks; test answered checks in Integration.Tests, against PostgreSQL.");
}
