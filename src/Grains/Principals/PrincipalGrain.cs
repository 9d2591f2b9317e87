using System.Collections.Immutable;
using System.Security.Cryptography;
using System.Text;
using JointPunishment.Grains.Interfaces;
using JointPunishment.Grains.Interfaces.Principals;

namespace JointPunishment.Grains.Principals;

/// <summary>Registration and key check shared by agencies, courts and feed consumers.</summary>
public abstract class PrincipalGrain(IPersistentState<PrincipalState> state, string keyPrefix, TimeProvider time) : Grain, IPrincipalGrain
{
    private const int SaltBytes = 16;

    private string Code => this.GetPrimaryKeyString()[keyPrefix.Length..];

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        GrainKeys.EnsurePrefixed(this.GetPrimaryKeyString(), keyPrefix);
        // Again on every activation: a change persisted by an activation that died before projecting it is not lost.
        return state.RecordExists ? ProjectAsync(Code, state.State.Name, IsActive, activating: true, cancellationToken) : Task.CompletedTask;
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
        await ProjectAsync(Code, name, active: true, activating: false, CancellationToken.None);
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
        await ProjectAsync(Code, state.State.Name, IsActive, activating: false, CancellationToken.None);
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
        await ProjectAsync(Code, state.State.Name, IsActive, activating: false, CancellationToken.None);
        await GrainFactory.GetGrain<IKeyEventsGrain>(0).PublishAsync(this.GetPrimaryKeyString());
        return true;
    }

    /// <summary>
    /// Keeps a view of the principal outside the grains, called after each persisted change and on every activation
    /// (<paramref name="activating"/>), so it must be idempotent; nothing by default. <paramref name="active"/> is false
    /// once the key is revoked.
    /// </summary>
    protected virtual Task ProjectAsync(string code, string name, bool active, bool activating, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>For <see cref="ICourtGrain"/>: the court that hears reconsideration of this court's dismissals.</summary>
    public Task<string?> GetHigherCourtAsync() => Task.FromResult(state.RecordExists ? state.State.HigherCourt : null);

    private bool IsActive => state.RecordExists && !state.State.Revoked;

    private PrincipalInfo Info() => new(Code, state.State.Name, [.. state.State.Measures]) { HigherCourt = state.State.HigherCourt, ConsumerRole = state.State.ConsumerRole };

    private static byte[] Hash(byte[] salt, string secret) => SHA256.HashData([.. salt, .. Encoding.UTF8.GetBytes(secret)]);
}
