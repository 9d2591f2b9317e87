using System.Text;

namespace JointPunishment.Importer.Input;

/// <summary>
/// The character encoding of the input file (<c>--encoding</c>). Excel on a Chinese Windows saves CSV in the system
/// code page (GBK, which GB18030 contains), so besides UTF-8 every code page of the runtime's code-pages provider is
/// accepted. The file is read through a transcoding stream, so the readers always see UTF-8.
/// </summary>
public static class InputEncoding
{
    static InputEncoding() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    /// <summary>The encoding named (<c>utf-8</c>, <c>gb18030</c>, <c>gbk</c>, <c>936</c>, …), or why it cannot be used.</summary>
    public static (Encoding? Encoding, string? Error) Resolve(string name)
    {
        Encoding encoding;
        try
        {
            encoding = int.TryParse(name, out var codePage) ? Encoding.GetEncoding(codePage) : Encoding.GetEncoding(name.Trim());
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException)
        {
            return (null, $"--encoding: '{name}' is not an encoding this program knows (e.g. utf-8, gb18030, gbk)");
        }

        // Lines are found by their line-feed byte before decoding: the encoding must write LF as that one byte.
        return encoding.GetBytes("\n") is [(byte)'\n'] && encoding.GetBytes("A") is [(byte)'A']
            ? (encoding, null)
            : (null, $"--encoding: {encoding.WebName} is not supported (lines are split on the byte LF); save the file as UTF-8 or GB18030");
    }

    /// <summary>UTF-8 bytes of <paramref name="file"/> read in <paramref name="encoding"/> (the stream itself when it is UTF-8).</summary>
    public static Stream AsUtf8(Stream file, Encoding encoding) =>
        encoding.CodePage == Encoding.UTF8.CodePage
            ? file
            : Encoding.CreateTranscodingStream(file, encoding, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), leaveOpen: false);
}
