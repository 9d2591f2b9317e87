namespace JointPunishment.Importer.Tests.Fakes;

/// <summary>A test with a folder of its own and a <see cref="FakeCourtGateway"/> started for it.</summary>
public abstract class GatewayTest : IAsyncLifetime
{
    protected TempFolder Folder { get; } = new();

    protected FakeCourtGateway Gateway { get; private set; } = null!;

    public async Task InitializeAsync() => Gateway = await FakeCourtGateway.StartAsync();

    public async Task DisposeAsync()
    {
        await Gateway.DisposeAsync();
        Folder.Dispose();
    }
}
