using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Configuration;

namespace JointPunishment.Storage.Encryption;

/// <summary>
/// The storage secrets: the current one (<c>JP_STORAGE_KEY</c>), which encrypts every write, and the retired ones
/// (<c>JP_STORAGE_OLD_KEYS</c>, separated by commas or white space), which only decrypt what they wrote until
/// <c>reencrypt</c> has moved it to the current one. Each secret is known by a 4-byte id derived from it, so no id has
/// to be configured or kept in step; two secrets with the same id are refused.
/// </summary>
public sealed class StorageKeyRing
{
    public const string CurrentSetting = "JP_STORAGE_KEY";
    public const string OldSetting = "JP_STORAGE_OLD_KEYS";
    public const int MinimumLength = 16;

    private readonly Dictionary<uint, StorageKey> _byId = [];

    public StorageKeyRing(string current, IEnumerable<string>? old = null)
    {
        if (current.Length < MinimumLength)
        {
            throw new InvalidOperationException($"{CurrentSetting} must be set to a secret of at least {MinimumLength} characters: grain state (identity numbers included) and stored secrets are encrypted at rest with it. ./run.sh generates one into JP_DATA_DIR/secrets.");
        }

        Current = new StorageKey(current);
        _byId.Add(Current.Id, Current);
        foreach (var secret in old ?? [])
        {
            if (secret.Length < MinimumLength)
            {
                throw new InvalidOperationException($"every key in {OldSetting} must have at least {MinimumLength} characters (separate keys with commas or white space).");
            }

            var key = new StorageKey(secret);
            if (_byId.TryGetValue(key.Id, out var known))
            {
                if (known.SameSecretAs(key))
                {
                    continue;
                }

                throw new InvalidOperationException($"two storage keys share the id {key.IdText}; generate another {CurrentSetting}.");
            }

            _byId.Add(key.Id, key);
        }
    }

    /// <summary>The key every write uses.</summary>
    public StorageKey Current { get; }

    /// <summary>Every key, the current one first.</summary>
    public IEnumerable<StorageKey> All => _byId.Values;

    /// <summary>The ids of the keys that only decrypt.</summary>
    public IEnumerable<uint> OldIds => _byId.Keys.Where(id => id != Current.Id);

    public bool TryGet(uint id, out StorageKey key) => _byId.TryGetValue(id, out key!);

    /// <summary>The key ring configured by <see cref="CurrentSetting"/> and <see cref="OldSetting"/> (the one place they are read).</summary>
    public static StorageKeyRing FromConfiguration(IConfiguration configuration) =>
        new(configuration[CurrentSetting] ?? "", SplitKeys(configuration[OldSetting]));

    public static IEnumerable<string> SplitKeys(string? keys) =>
        (keys ?? "").Split([',', ' ', '\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}

/// <summary>One storage secret: its id and the AES-256 keys derived from it (HKDF-SHA256), one per purpose.</summary>
public sealed class StorageKey
{
    private readonly byte[] _secret;

    public StorageKey(string secret)
    {
        _secret = Encoding.UTF8.GetBytes(secret);
        Id = BinaryPrimitives.ReadUInt32BigEndian(HKDF.DeriveKey(HashAlgorithmName.SHA256, _secret, 4, info: "jp storage key id"u8.ToArray()));
    }

    public uint Id { get; }

    /// <summary>The id as written in reports and logs: 8 hex digits (it reveals nothing of the secret).</summary>
    public string IdText => Id.ToString("x8", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The 32-byte key for <paramref name="info"/> (e.g. <c>jp grain-state v2</c>).</summary>
    public byte[] Derive(string info) => HKDF.DeriveKey(HashAlgorithmName.SHA256, _secret, 32, info: Encoding.UTF8.GetBytes(info));

    internal bool SameSecretAs(StorageKey other) => CryptographicOperations.FixedTimeEquals(_secret, other._secret);
}
