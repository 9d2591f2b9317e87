using System.Text;
using Orleans.Storage;

namespace JointPunishment.Silo.Rekeying;

/// <summary>
/// The grain id hash Orleans' ADO.NET grain storage (10.4.2) writes to <c>orleansstorage.grainidhash</c> for a string
/// grain key: its default hasher (<see cref="OrleansDefaultHasher"/>) over the key's UTF-8 bytes, reversed on a little-endian
/// machine (the provider's <c>AdoGrainKey.GetHashBytes</c>). Keys of persisted grains always carry a
/// prefix (GrainKeys), so the provider never reads one as a GUID or a number. <see cref="SubjectRekeyer"/> checks this
/// against the hash stored in every row it moves, so a provider that hashed otherwise stops the run before anything
/// is written.
/// </summary>
public static class AdoNetStringKey
{
    private static readonly OrleansDefaultHasher Hasher = new();

    public static int GrainIdHash(string key) => Hasher.Hash(HashBytes(key));

    /// <summary>The bytes the provider hashes for a string grain key (its <c>AdoGrainKey.GetHashBytes</c>).</summary>
    public static byte[] HashBytes(string key)
    {
        var bytes = Encoding.UTF8.GetBytes(key);
        if (BitConverter.IsLittleEndian)
        {
            Array.Reverse(bytes);
        }

        return bytes;
    }
}
