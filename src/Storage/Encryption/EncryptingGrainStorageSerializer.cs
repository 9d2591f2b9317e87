using Orleans.Storage;

namespace JointPunishment.Storage.Encryption;

/// <summary>
/// Encrypts every grain state at rest (<see cref="GrainStateCipher"/>) around another serializer. Subject state holds
/// what a court needs to see again — the identity number in clear, names, officers — and the storage table, its
/// backups and dumps must not. The serializer is given only the value, so the row a payload belongs to comes from
/// <see cref="GrainStateRow.Current"/>, which <see cref="RowBindingGrainStorage"/> sets around each storage call;
/// outside one it refuses to work rather than seal a payload for no row.
/// </summary>
public sealed class EncryptingGrainStorageSerializer(IGrainStorageSerializer inner, GrainStateCipher cipher) : IGrainStorageSerializer
{
    public BinaryData Serialize<T>(T? input) =>
        new(cipher.Encrypt(inner.Serialize(input).ToMemory().Span, CurrentRow()));

    public T? Deserialize<T>(BinaryData input) =>
        inner.Deserialize<T>(new BinaryData(cipher.Decrypt(input.ToMemory().Span, CurrentRow())));

    private static GrainStateRow CurrentRow() =>
        GrainStateRow.Current ?? throw new InvalidOperationException(
            $"Grain state was serialized outside a grain storage call: register the storage with {nameof(RowBindingGrainStorage)} so that every payload is sealed for its row.");
}
