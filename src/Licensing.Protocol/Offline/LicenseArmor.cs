using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace Glyphh.Licensing;

/// <summary>The armored text form of a license: header, base64 DER in 64-character lines, footer.</summary>
public static class LicenseArmor
{
    /// <summary>Armors DER bytes.</summary>
    /// <param name="der">The DER CMS SignedData.</param>
    /// <returns>The armored text, ending in a newline.</returns>
    public static string Encode(ReadOnlySpan<byte> der)
    {
        var base64 = Convert.ToBase64String(der);
        var builder = new StringBuilder(base64.Length + (base64.Length / 64) + 80);
        builder.Append(LicenseSigning.ArmorHeader).Append('\n');
        for (var i = 0; i < base64.Length; i += 64)
        {
            builder.Append(base64, i, Math.Min(64, base64.Length - i)).Append('\n');
        }

        builder.Append(LicenseSigning.ArmorFooter).Append('\n');
        return builder.ToString();
    }

    /// <summary>
    /// Extracts the DER bytes from armored text. Text before the header and after the footer is ignored;
    /// input longer than <see cref="LicenseSigning.MaxLicenseLength"/> is refused before parsing.
    /// </summary>
    /// <param name="text">The armored text.</param>
    /// <param name="der">The DER bytes.</param>
    /// <param name="error">Why the text was refused.</param>
    /// <returns><see langword="true"/> when the text holds one armored block of valid base64.</returns>
    public static bool TryDecode(string? text, [NotNullWhen(true)] out byte[]? der, [NotNullWhen(false)] out string? error)
    {
        der = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            error = "The license is empty.";
            return false;
        }

        if (text.Length > LicenseSigning.MaxLicenseLength)
        {
            error = $"The license is longer than {LicenseSigning.MaxLicenseLength} characters.";
            return false;
        }

        var start = text.IndexOf(LicenseSigning.ArmorHeader, StringComparison.Ordinal);
        if (start < 0)
        {
            error = $"The license has no '{LicenseSigning.ArmorHeader}' line.";
            return false;
        }

        start += LicenseSigning.ArmorHeader.Length;
        var end = text.IndexOf(LicenseSigning.ArmorFooter, start, StringComparison.Ordinal);
        if (end < 0)
        {
            error = $"The license has no '{LicenseSigning.ArmorFooter}' line (truncated?).";
            return false;
        }

        var body = text.AsSpan(start, end - start);
        var buffer = new byte[body.Length];
        var length = 0;
        Span<char> clean = body.Length <= 16 * 1024 ? stackalloc char[body.Length] : new char[body.Length];
        foreach (var c in body)
        {
            if (char.IsWhiteSpace(c))
            {
                continue;
            }

            clean[length++] = c;
        }

        if (length == 0 || !Convert.TryFromBase64Chars(clean[..length], buffer, out var written))
        {
            error = "The license body is not valid base64.";
            return false;
        }

        der = buffer.AsSpan(0, written).ToArray();
        error = null;
        return true;
    }
}
