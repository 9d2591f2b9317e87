using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace JointPunishment.Storage.Encryption;

/// <summary>
/// Encrypts short secrets kept in PostgreSQL (a webhook's signing secret) with AES-256-GCM under a key derived from the
/// storage secrets (<see cref="StorageKeyRing"/>) for one purpose, each bound to what it belongs to (the republisher's
/// code), so a dump of the table signs nothing and a value copied to another row does not open. Text form:
/// <c>jpe2:</c> + key id (8 hex digits) + <c>:</c> + base64(12-byte nonce | ciphertext | 16-byte tag), with associated
/// data = purpose + owner. Format 1 (<c>jpe1:</c> + base64, no key id, no owner) is still read under any key of the ring;
/// <c>reencrypt</c> rewrites it. A value without a prefix is refused.
/// </summary>
public sealed class SecretProtector
{
    /// <summary>The purpose of republishers' webhook signing secrets (<c>jp_republisher.secret</c>, owner = code).</summary>
    public const string WebhookPurpose = "webhook-secret";

    /// <summary>The purpose of the federation feed's events (<c>jp_federation_event.event</c>, owner = court + event id).</summary>
    public const string FederationEventPurpose = "federation-event";

    /// <summary>The purpose of agencies' webhook signing secrets (<c>jp_agency_webhook.secret</c>, owner = agency code).</summary>
    public const string AgencyWebhookPurpose = "agency-webhook-secret";

    /// <summary>The purpose of the subjects of assistance requests (<c>jp_assistance.subject</c>, owner = request id).</summary>
    public const string AssistanceSubjectPurpose = "assistance-subject";

    /// <summary>The purpose of watchlist members' identities (<c>jp_watch_member.subject</c>, owner = watchlist id + ref).</summary>
    public const string WatchMemberPurpose = "watch-member";

    public const string Prefix = "jpe2:";
    private const string LegacyPrefix = "jpe1:";
    private const int NonceBytes = 12;
    private const int TagBytes = 16;

    private readonly StorageKeyRing _keys;
    private readonly string _purpose;
    private readonly Dictionary<uint, byte[]> _aesKeys;
    private readonly byte[][] _legacyKeys;

    /// <param name="keys">The storage keys.</param>
    /// <param name="purpose">Separates the keys of different uses of the same secret.</param>
    public SecretProtector(StorageKeyRing keys, string purpose)
    {
        _keys = keys;
        _purpose = purpose;
        _aesKeys = keys.All.ToDictionary(k => k.Id, k => k.Derive($"jp {purpose} v2"));
        _legacyKeys = [.. keys.All.Select(k => k.Derive($"jp {purpose} v1"))];
        CurrentPrefix = $"{Prefix}{keys.Current.IdText}:";
    }

    /// <summary>How every value this protector writes starts.</summary>
    public string CurrentPrefix { get; }

    public string Protect(string secret, string owner)
    {
        Span<byte> nonce = stackalloc byte[NonceBytes];
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(_aesKeys[_keys.Current.Id], TagBytes);
        return Seal(aes, nonce, secret, owner);
    }

    /// <summary>
    /// As <see cref="Protect(string, string)"/> for each of <paramref name="secrets"/> with the owner at the same index,
    /// with one cipher instance and one draw of random nonces for all (sealing many at once costs about half as much).
    /// </summary>
    public string[] Protect(IReadOnlyList<string> secrets, IReadOnlyList<string> owners)
    {
        ArgumentNullException.ThrowIfNull(secrets);
        ArgumentNullException.ThrowIfNull(owners);
        ArgumentOutOfRangeException.ThrowIfNotEqual(owners.Count, secrets.Count, nameof(owners));
        var nonces = new byte[secrets.Count * NonceBytes];
        RandomNumberGenerator.Fill(nonces);
        using var aes = new AesGcm(_aesKeys[_keys.Current.Id], TagBytes);
        var sealedValues = new string[secrets.Count];
        for (var i = 0; i < sealedValues.Length; i++)
        {
            sealedValues[i] = Seal(aes, nonces.AsSpan(i * NonceBytes, NonceBytes), secrets[i], owners[i]);
        }

        return sealedValues;
    }

    /// <summary>The secret <paramref name="stored"/> for <paramref name="owner"/>; <see cref="CryptographicException"/> when it is unmarked, under an unknown key or not the owner's.</summary>
    public string Unprotect(string stored, string owner)
    {
        if (stored.StartsWith(LegacyPrefix, StringComparison.Ordinal))
        {
            return UnprotectLegacy(Convert.FromBase64String(stored[LegacyPrefix.Length..]), owner);
        }

        var separator = stored.IndexOf(':', Prefix.Length);
        if (!stored.StartsWith(Prefix, StringComparison.Ordinal) || separator < 0
            || !uint.TryParse(stored.AsSpan(Prefix.Length, separator - Prefix.Length), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var id))
        {
            throw new CryptographicException($"The stored {_purpose} of '{owner}' is not encrypted and is refused; convert it with 'reencrypt --encrypt-unmarked' (docs/operations.md, Rotating keys).");
        }

        if (!_aesKeys.TryGetValue(id, out var key))
        {
            throw new CryptographicException($"The stored {_purpose} of '{owner}' is encrypted under storage key id {id:x8}, which is neither {StorageKeyRing.CurrentSetting} nor in {StorageKeyRing.OldSetting}.");
        }

        var data = Convert.FromBase64String(stored[(separator + 1)..]);
        var plain = new byte[data.Length - NonceBytes - TagBytes];
        using var aes = new AesGcm(key, TagBytes);
        aes.Decrypt(data.AsSpan(0, NonceBytes), data.AsSpan(NonceBytes, plain.Length), data.AsSpan(data.Length - TagBytes), plain, AssociatedData(owner));
        return Encoding.UTF8.GetString(plain);
    }

    /// <summary>Whether <paramref name="stored"/> is written under the current key (nothing for <c>reencrypt</c> to do).</summary>
    public bool IsCurrent(string stored) => stored.StartsWith(CurrentPrefix, StringComparison.Ordinal);

    /// <summary>Whether <paramref name="stored"/> carries no marker at all (written before secrets were encrypted).</summary>
    public static bool IsUnmarked(string stored) =>
        !stored.StartsWith(Prefix, StringComparison.Ordinal) && !stored.StartsWith(LegacyPrefix, StringComparison.Ordinal);

    private string Seal(AesGcm aes, ReadOnlySpan<byte> nonce, string secret, string owner)
    {
        var plain = Encoding.UTF8.GetBytes(secret);
        var output = new byte[NonceBytes + plain.Length + TagBytes];
        nonce.CopyTo(output);
        aes.Encrypt(nonce, plain, output.AsSpan(NonceBytes, plain.Length), output.AsSpan(output.Length - TagBytes), AssociatedData(owner));
        return CurrentPrefix + Convert.ToBase64String(output);
    }

    private byte[] AssociatedData(string owner) => Encoding.UTF8.GetBytes($"{_purpose}\0{owner}");

    private string UnprotectLegacy(byte[] data, string owner)
    {
        var plain = new byte[data.Length - NonceBytes - TagBytes];
        foreach (var key in _legacyKeys)
        {
            try
            {
                using var aes = new AesGcm(key, TagBytes);
                aes.Decrypt(data.AsSpan(0, NonceBytes), data.AsSpan(NonceBytes, plain.Length), data.AsSpan(data.Length - TagBytes), plain);
                return Encoding.UTF8.GetString(plain);
            }
            catch (AuthenticationTagMismatchException)
            {
                // Format 1 names no key: try the next one.
            }
        }

        throw new CryptographicException($"The stored {_purpose} of '{owner}' is in format 1 (jpe1) and no storage key opens it; add the key that wrote it to {StorageKeyRing.OldSetting}.");
    }
}
