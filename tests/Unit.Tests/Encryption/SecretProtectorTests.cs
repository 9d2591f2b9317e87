using System.Security.Cryptography;
using JointPunishment.Storage.Encryption;

namespace JointPunishment.Unit.Tests.Encryption;

public sealed class SecretProtectorTests
{
    private const string KeyA = "unit-test-storage-key-A-0123456789";
    private const string KeyB = "unit-test-storage-key-B-0123456789";
    private const string Purpose = SecretProtector.WebhookPurpose;

    [Fact]
    public void Secret_CarriesTheKeyId_AndOpensOnlyForItsOwner()
    {
        var protector = new SecretProtector(new StorageKeyRing(KeyA), Purpose);
        var stored = protector.Protect("whsec-1", "republisher-a");

        Assert.StartsWith($"jpe2:{new StorageKeyRing(KeyA).Current.IdText}:", stored, StringComparison.Ordinal);
        Assert.Equal("whsec-1", protector.Unprotect(stored, "republisher-a"));
        Assert.ThrowsAny<CryptographicException>(() => protector.Unprotect(stored, "republisher-b"));
    }

    [Fact]
    public void ManySealedAtOnce_EachOpensOnlyForItsOwner_WithItsOwnNonce()
    {
        var protector = new SecretProtector(new StorageKeyRing(KeyA), SecretProtector.WatchMemberPurpose);
        var stored = protector.Protect(["1:same", "1:same", "3:other"], ["17\na", "17\nb", "17\nc"]);

        Assert.Equal(["1:same", "1:same", "3:other"], stored.Select((s, i) => protector.Unprotect(s, $"17\n{(char)('a' + i)}")));
        Assert.NotEqual(stored[0], stored[1]);
        Assert.Equal(stored.Length, stored.Select(s => Convert.FromBase64String(s[protector.CurrentPrefix.Length..])[..12]).Select(Convert.ToHexString).Distinct().Count());
        Assert.ThrowsAny<CryptographicException>(() => protector.Unprotect(stored[0], "17\nb"));
        Assert.Throws<ArgumentOutOfRangeException>(() => protector.Protect(["x"], []));
    }

    [Fact]
    public void UnmarkedSecret_IsRefused()
    {
        var protector = new SecretProtector(new StorageKeyRing(KeyA), Purpose);

        var error = Assert.Throws<CryptographicException>(() => protector.Unprotect("whsec-in-clear", "republisher-a"));
        Assert.Contains("not encrypted", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Rotation_OldKeyOpens_LegacyFormatOpens_RetiredKeyIsNamed()
    {
        var old = new SecretProtector(new StorageKeyRing(KeyA), Purpose).Protect("whsec-1", "r");
        var legacy = LegacyFormat.Secret(KeyA, Purpose, "whsec-0");
        var rotated = new SecretProtector(new StorageKeyRing(KeyB, [KeyA]), Purpose);

        Assert.Equal("whsec-1", rotated.Unprotect(old, "r"));
        Assert.Equal("whsec-0", rotated.Unprotect(legacy, "r"));
        Assert.False(rotated.IsCurrent(old));
        Assert.True(rotated.IsCurrent(rotated.Protect("whsec-1", "r")));
        var error = Assert.Throws<CryptographicException>(() => new SecretProtector(new StorageKeyRing(KeyB), Purpose).Unprotect(old, "r"));
        Assert.Contains("JP_STORAGE_OLD_KEYS", error.Message, StringComparison.Ordinal);
    }
}
