using System.Text;

namespace Gateway.Mappings.Rendering;

/// <summary>
/// Character encodings that refuse what they cannot hold: writing 王𪚥 in GBK fails with the character named, never turns it into '?'.
/// </summary>
public static class StrictEncodings
{
    static StrictEncodings() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    /// <summary>utf-8, GBK, GB18030, utf-16 … with exception fallbacks both ways; throws ArgumentException for an unknown name.</summary>
    public static Encoding Get(string name) =>
        name.Equals("utf-8", StringComparison.OrdinalIgnoreCase) || name.Equals("utf8", StringComparison.OrdinalIgnoreCase)
            ? new UTF8Encoding(false, throwOnInvalidBytes: true)
            : Encoding.GetEncoding(name, EncoderFallback.ExceptionFallback, DecoderFallback.ExceptionFallback);

    /// <summary>The text's bytes; a character the encoding cannot hold is a <see cref="DispatchRenderingException"/> naming it.</summary>
    public static byte[] Encode(Encoding encoding, string text, string what, string? encodingName = null)
    {
        try
        {
            return encoding.GetBytes(text);
        }
        catch (EncoderFallbackException ex)
        {
            var ch = ex.IsUnknownSurrogate() ? char.ConvertToUtf32(ex.CharUnknownHigh, ex.CharUnknownLow) : ex.CharUnknown;
            var index = ex.Index;
            var start = Math.Max(0, index - 12);
            var context = text[start..Math.Min(text.Length, index + 14)].Replace("\r", " ").Replace("\n", " ");
            throw new DispatchRenderingException(
                $"{what}: the character '{char.ConvertFromUtf32(ch)}' (U+{ch:X4}) cannot be written in {encodingName ?? encoding.WebName}, near \"…{context}…\"; " +
                "the profile may choose GB18030, which holds every character", ex);
        }
    }
}
