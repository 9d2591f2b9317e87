using System.Collections.Immutable;
using System.Security.Cryptography;
using System.Text;
using JointPunishment.Grains.Interfaces;
using JointPunishment.Grains.Interfaces.Principals;
using Microsoft.Extensions.Logging;

namespace JointPunishment.Grains.Principals;

/// <summary>Registration and key check shared by agencies, courts and feed consumers, each kept in the directory (<see cref="IPrincipalDirectory"/>).</summary>
public abstract partial class PrincipalGrain(
    IPersistentState<PrincipalState> state, string keyPrefix, IEnumerable<IPrincipalDirectory> directories, ILogger logger, TimeProvider time) : Grain, IPrincipalGrain
{
    private const int SaltBytes = 16;

    private readonly IPrincipalDirectory[] _directories = [.. directories];

    private string Code => this.GetPrimaryKeyString()[keyPrefix.Length..];

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        GrainKeys.EnsurePrefixed(this.GetPrimaryKeyString(), keyPrefix);
        // Again on every activation: a change persisted by an activation that died before projecting it is not lost.
        return state.RecordExists ? ProjectAsync(activating: true, cancellationToken) : Task.CompletedTask;
    }

    public Task<bool> RegisterAsync(string name, ImmutableArray<string> measures, string keySecret, string? higherCourt) =>
        RegisterAsync(name, measures, consumerRole: null, keySecret, higherCourt);

    /// <summary>Registers with a <paramref name="consumerRole"/> too (feed consumers); false when the code is already taken.</summary>
    protected async Task<bool> RegisterAsync(string name, ImmutableArray<string> measures, ConsumerRole? consumerRole, string keySecret, string? higherCourt = null)
    {
        if (state.RecordExists)
        {
            return false;
        }

        var salt = RandomNumberGenerator.GetBytes(SaltBytes);
        state.State = new PrincipalState
        {
            Name = name,
            Measures = [.. measures],
            KeySalt = salt,
            KeyHash = Hash(salt, keySecret),
            RegisteredAt = time.GetUtcNow(),
            HigherCourt = higherCourt,
            ConsumerRole = consumerRole,
        };
        await state.WriteStateAsync();
        await ProjectAsync(activating: false, CancellationToken.None);
        // Gateways remember codes they refused; the new principal's key must work on all of them at once.
        await GrainFactory.GetGrain<IKeyEventsGrain>(0).PublishAsync(this.GetPrimaryKeyString());
        return true;
    }

    public Task<PrincipalInfo?> AuthenticateAsync(string keySecret) => Task.FromResult(
        IsActive && CryptographicOperations.FixedTimeEquals(Hash(state.State.KeySalt, keySecret), state.State.KeyHash)
            ? Info()
            : null);

    public Task<PrincipalInfo?> GetAsync() => Task.FromResult(IsActive ? Info() : null);

    public async Task<bool> RotateKeyAsync(string keySecret)
    {
        if (!state.RecordExists)
        {
            return false;
        }

        state.State.KeySalt = RandomNumberGenerator.GetBytes(SaltBytes);
        state.State.KeyHash = Hash(state.State.KeySalt, keySecret);
        state.State.Revoked = false;
        state.State.KeyChangedAt = time.GetUtcNow();
        await state.WriteStateAsync();
        await ProjectAsync(activating: false, CancellationToken.None);
        await GrainFactory.GetGrain<IKeyEventsGrain>(0).PublishAsync(this.GetPrimaryKeyString());
        return true;
    }

    public async Task<bool> RevokeAsync()
    {
        if (!state.RecordExists)
        {
            return false;
        }

        state.State.Revoked = true;
        state.State.KeyChangedAt = time.GetUtcNow();
        await state.WriteStateAsync();
        await ProjectAsync(activating: false, CancellationToken.None);
        await GrainFactory.GetGrain<IKeyEventsGrain>(0).PublishAsync(this.GetPrimaryKeyString());
        return true;
    }

    /// <summary>
    /// Writes the principal to the directories (the public choice of agency, the operator's lists), after each persisted
    /// change and on every activation (<paramref name="activating"/>). As for subject projections, a failure on activation
    /// must not stop the principal from authenticating: it is logged and retried with the next change or activation; a
    /// failure after a change fails the call and ends the activation.
    /// </summary>
    private async Task ProjectAsync(bool activating, CancellationToken cancellationToken)
    {
        var s = state.State;
        var entry = new PrincipalEntry(
            keyPrefix[..^1], Code, s.Name, IsActive, [.. s.Measures], s.HigherCourt, s.ConsumerRole, s.RegisteredAt, s.KeyChangedAt);
        try
        {
            foreach (var directory in _directories)
            {
                await directory.ProjectAsync(entry, cancellationToken);
            }
        }
        catch (Exception ex) when (activating && (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested))
        {
            LogDirectoryOnActivationFailed(logger, ex, entry.Kind, entry.Code);
        }
        catch when (!activating)
        {
            DeactivateOnIdle();
            throw;
        }
    }

    [LoggerMessage(EventId = 3003, Level = LogLevel.Error, Message = "Projecting {Kind} {Code} to the directory failed on activation; it keeps working and the projection is retried on its next change or activation")]
    private static partial void LogDirectoryOnActivationFailed(ILogger logger, Exception exception, string kind, string code);

    /// <summary>For <see cref="ICourtGrain"/>: the court that hears reconsideration of this court's dismissals.</summary>
    public Task<string?> GetHigherCourtAsync() => Task.FromResult(state.RecordExists ? state.State.HigherCourt : null);

    private bool IsActive => state.RecordExists && !state.State.Revoked;

    private PrincipalInfo Info() => new(Code, state.State.Name, [.. state.State.Measures]) { HigherCourt = state.State.HigherCourt, ConsumerRole = state.State.ConsumerRole };

    private static byte[] Hash(byte[] salt, string secret) => SHA256.HashData([.. salt, .. Encoding.UTF8.GetBytes(secret)]);
}
