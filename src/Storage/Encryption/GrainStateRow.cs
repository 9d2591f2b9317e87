using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using Orleans.Storage;

namespace JointPunishment.Storage.Encryption;

/// <summary>
/// What names a grain's row in <c>orleansstorage</c>, as the ADO.NET provider writes it: the state name
/// (<c>graintypestring</c>) and the grain key (<c>grainidn0</c>, <c>grainidn1</c>, <c>grainidextensionstring</c>:
/// a GUID or integer key in the two numbers, a string key, prefixed with the grain's kind (GrainKeys), in the
/// string). A payload is encrypted for its row, so it reads nowhere else; the re-encrypt command finds the same
/// identity in the row's columns.
/// </summary>
public readonly record struct GrainStateRow(string StateName, long N0, long N1, string? Extension)
{
    private static readonly AsyncLocal<GrainStateRow?> Ambient = new();

    /// <summary>The row the grain storage is reading or writing in this flow (set by <see cref="RowBindingGrainStorage"/>).</summary>
    public static GrainStateRow? Current
    {
        get => Ambient.Value;
        internal set => Ambient.Value = value;
    }

    /// <summary>
    /// Serializes <paramref name="value"/> for this row outside a grain storage call (the follower's bulk path writes rows
    /// itself), with <see cref="Current"/> naming this row meanwhile, as <see cref="RowBindingGrainStorage"/> does.
    /// </summary>
    public BinaryData Serialize<T>(IGrainStorageSerializer serializer, T value)
    {
        ArgumentNullException.ThrowIfNull(serializer);
        var outer = Ambient.Value;
        Ambient.Value = this;
        try
        {
            return serializer.Serialize(value);
        }
        finally
        {
            Ambient.Value = outer;
        }
    }

    /// <summary>The row of <paramref name="grainId"/>'s state <paramref name="stateName"/>, keyed as the ADO.NET provider keys it.</summary>
    public static GrainStateRow For(string stateName, GrainId grainId)
    {
        if (grainId.TryGetGuidKey(out var guid, out var extension))
        {
            var bytes = guid.ToByteArray();
            return new(stateName, BitConverter.ToInt64(bytes, 0), BitConverter.ToInt64(bytes, 8), extension);
        }

        if (grainId.TryGetIntegerKey(out var integer, out extension))
        {
            return new(stateName, 0, integer, extension);
        }

        return new(stateName, 0, 0, grainId.Key.ToString());
    }

    /// <summary>The associated data a payload of this row is sealed with: a fixed label, the state name and the key.</summary>
    public byte[] AssociatedData(ReadOnlySpan<byte> header)
    {
        var state = Encoding.UTF8.GetBytes(StateName);
        var extension = Extension is null ? [] : Encoding.UTF8.GetBytes(Extension);
        var data = new byte[header.Length + 4 + state.Length + 16 + 1 + extension.Length];
        var span = data.AsSpan();
        header.CopyTo(span);
        span = span[header.Length..];
        BinaryPrimitives.WriteInt32BigEndian(span, state.Length);
        state.CopyTo(span[4..]);
        span = span[(4 + state.Length)..];
        BinaryPrimitives.WriteInt64BigEndian(span, N0);
        BinaryPrimitives.WriteInt64BigEndian(span[8..], N1);
        span[16] = Extension is null ? (byte)0 : (byte)1;
        extension.CopyTo(span[17..]);
        return data;
    }

    /// <summary>For errors: the state name and the key (grain keys hold no identity number, see GrainKeys).</summary>
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"state '{StateName}' of grain key {(N0 == 0 && N1 == 0 ? "" : $"{N0}/{N1}")}{(Extension is null ? "" : (N0 == 0 && N1 == 0 ? Extension : "#" + Extension))}");
}
