using System.Buffers.Binary;
using JointPunishment.Storage.Encryption;

namespace JointPunishment.Unit.Tests.Encryption;

public sealed class GrainStateCipherTests
{
    private const string KeyA = "unit-test-storage-key-A-0123456789";
    private const string KeyB = "unit-test-storage-key-B-0123456789";
    private static readonly byte[] Plain = "identity 110101199003077777 and the court's record"u8.ToArray();
    private static readonly GrainStateRow Subject = new("state", 0, 0, "subject:abc");

    [Fact]
    public void Payload_RoundTripsForItsRow_AndCarriesTheMarkerAndKeyId()
    {
        var ring = new StorageKeyRing(KeyA);
        var payload = new GrainStateCipher(ring).Encrypt(Plain, Subject);

        Assert.Equal("JPE2"u8.ToArray(), payload[..4]);
        Assert.Equal(ring.Current.Id, BinaryPrimitives.ReadUInt32BigEndian(payload.AsSpan(4)));
        Assert.Equal(Plain, new GrainStateCipher(ring).Decrypt(payload, Subject));
    }

    [Theory]
    [InlineData("state", 0L, 0L, "subject:abd")] // another grain key
    [InlineData("state", 0L, 0L, "agency:abc")] // another kind of grain
    [InlineData("other", 0L, 0L, "subject:abc")] // another state of the same grain
    [InlineData("state", 0L, 1L, "subject:abc")] // the same string under another number
    [InlineData("state", 0L, 0L, null)]
    public void Payload_MovedToAnotherRow_IsRefused(string stateName, long n0, long n1, string? extension)
    {
        var cipher = new GrainStateCipher(new StorageKeyRing(KeyA));
        var payload = cipher.Encrypt(Plain, Subject);

        var error = Assert.Throws<GrainStateEncryptionException>(() => cipher.Decrypt(payload, new GrainStateRow(stateName, n0, n1, extension)));
        Assert.Contains("sealed for another row", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Payload_WithAlteredKeyIdOrBody_IsRefused()
    {
        var ring = new StorageKeyRing(KeyB, [KeyA]);
        var cipher = new GrainStateCipher(ring);
        var payload = cipher.Encrypt(Plain, Subject);
        var body = (byte[])payload.Clone();
        body[^20] ^= 1;
        // The other key of the ring, named in the header: the header is part of the associated data.
        var relabelled = (byte[])payload.Clone();
        BinaryPrimitives.WriteUInt32BigEndian(relabelled.AsSpan(4), ring.OldIds.Single());

        Assert.Throws<GrainStateEncryptionException>(() => cipher.Decrypt(body, Subject));
        Assert.Throws<GrainStateEncryptionException>(() => cipher.Decrypt(relabelled, Subject));
    }

    [Fact]
    public void UnmarkedPayload_IsRefused_NotReadAsItIs()
    {
        var cipher = new GrainStateCipher(new StorageKeyRing(KeyA));

        Assert.Equal(PayloadSeal.Unmarked, cipher.Inspect(Plain));
        var error = Assert.Throws<GrainStateEncryptionException>(() => cipher.Decrypt(Plain, Subject));
        Assert.Contains("not encrypted", error.Message, StringComparison.Ordinal);
        Assert.Throws<GrainStateEncryptionException>(() => cipher.Decrypt([], Subject));
    }

    [Fact]
    public void Rotation_OldKeyStillDecrypts_WritesUseTheNewKey_UnknownKeyIsNamed()
    {
        var written = new GrainStateCipher(new StorageKeyRing(KeyA)).Encrypt(Plain, Subject);
        var rotated = new GrainStateCipher(new StorageKeyRing(KeyB, [KeyA]));

        Assert.Equal(PayloadSeal.OldKey, rotated.Inspect(written));
        Assert.Equal(Plain, rotated.Decrypt(written, Subject));
        var rewritten = rotated.Encrypt(rotated.Decrypt(written, Subject), Subject);
        Assert.Equal(PayloadSeal.Current, rotated.Inspect(rewritten));
        Assert.Equal(new StorageKeyRing(KeyB).Current.Id, BinaryPrimitives.ReadUInt32BigEndian(rewritten.AsSpan(4)));

        var retired = new GrainStateCipher(new StorageKeyRing(KeyB));
        Assert.Equal(Plain, retired.Decrypt(rewritten, Subject));
        Assert.Equal(PayloadSeal.UnknownKey, retired.Inspect(written));
        var error = Assert.Throws<GrainStateEncryptionException>(() => retired.Decrypt(written, Subject));
        Assert.Contains(new StorageKeyRing(KeyA).Current.IdText, error.Message, StringComparison.Ordinal);
        Assert.Contains("JP_STORAGE_OLD_KEYS", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LegacyPayload_WrittenByTodaysFormat_IsReadUnderAnyKeyOfTheRing()
    {
        var legacy = LegacyFormat.GrainState(KeyA, Plain);

        Assert.Equal(PayloadSeal.Legacy, new GrainStateCipher(new StorageKeyRing(KeyA)).Inspect(legacy));
        Assert.Equal(Plain, new GrainStateCipher(new StorageKeyRing(KeyA)).Decrypt(legacy, Subject));
        Assert.Equal(Plain, new GrainStateCipher(new StorageKeyRing(KeyB, [KeyA])).Decrypt(legacy, Subject));
        Assert.Throws<GrainStateEncryptionException>(() => new GrainStateCipher(new StorageKeyRing(KeyB)).Decrypt(legacy, Subject));
    }

    [Fact]
    public void KeyRing_RefusesShortKeys_AndReadsOldKeysSeparatedByCommasOrSpaces()
    {
        Assert.Throws<InvalidOperationException>(() => new StorageKeyRing("short"));
        Assert.Throws<InvalidOperationException>(() => new StorageKeyRing(KeyA, ["short"]));

        var ring = new StorageKeyRing(KeyB, StorageKeyRing.SplitKeys($" {KeyA},{KeyB}\n{KeyA} "));

        Assert.Equal([new StorageKeyRing(KeyA).Current.Id], ring.OldIds);
        Assert.NotEqual(new StorageKeyRing(KeyA).Current.Id, ring.Current.Id);
    }

    [Fact]
    public void Serializer_OutsideAGrainStorageCall_RefusesToSealForNoRow()
    {
        var serializer = new EncryptingGrainStorageSerializer(new Orleans.Storage.JsonGrainStorageSerializer(new Orleans.Serialization.OrleansJsonSerializer(Microsoft.Extensions.Options.Options.Create(new Orleans.Serialization.OrleansJsonSerializerOptions()))), new GrainStateCipher(new StorageKeyRing(KeyA)));

        Assert.Throws<InvalidOperationException>(() => serializer.Serialize("state"));
    }
}
