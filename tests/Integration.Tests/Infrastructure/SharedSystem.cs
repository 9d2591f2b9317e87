namespace JointPunishment.Integration.Tests.Infrastructure;

/// <summary>
/// One running system for all the tests of a class (<c>IClassFixture&lt;SharedSystem&gt;</c>): the first test starts it on
/// the collection's PostgreSQL, and it is disposed after the class's last test. Starting a cluster and a gateway takes
/// seconds, a test a fraction of that. The tests of such a class each use subjects, case numbers, event ids and codes of
/// their own, so that none sees another's effects.
/// </summary>
public sealed class SharedSystem : IAsyncLifetime
{
    private Task<RunningSystem>? _system;
    private Task<object>? _setUp;

    /// <summary>The class's system, started by the first test that asks.</summary>
    public Task<RunningSystem> StartOnceAsync(PostgresServer postgres) => _system ??= RunningSystem.StartAsync(postgres);

    /// <summary>What the class's tests share on the system (the keys of the court and agency they act as), made by the first test that asks.</summary>
    public async Task<T> SetUpOnceAsync<T>(Func<Task<T>> setUp) where T : notnull => (T)await (_setUp ??= Box(setUp));

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_system is { IsCompletedSuccessfully: true })
        {
            await (await _system).DisposeAsync();
        }
    }

    private static async Task<object> Box<T>(Func<Task<T>> setUp) where T : notnull => await setUp();
}
