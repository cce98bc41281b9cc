using System.Security.Cryptography;

namespace Glyphh.Licensing.Issuing;

/// <summary>Generates online keys in the <see cref="OnlineLicenseKey"/> format: 75 random bits and a check character.</summary>
public static class OnlineLicenseKeyGenerator
{
    /// <summary>Generates a new random key, <c>GLYPHH-XXXX-XXXX-XXXX-XXXX</c>.</summary>
    /// <returns>The key.</returns>
    public static string Generate()
    {
        Span<int> values = stackalloc int[OnlineLicenseKey.CharacterCount];
        for (var i = 0; i < values.Length - 1; i++)
        {
            values[i] = RandomNumberGenerator.GetInt32(32);
        }

        values[^1] = OnlineLicenseKey.CheckValue(values[..^1]);
        Span<char> text = stackalloc char[OnlineLicenseKey.Prefix.Length + OnlineLicenseKey.CharacterCount + 3];
        OnlineLicenseKey.Prefix.AsSpan().CopyTo(text);
        var position = OnlineLicenseKey.Prefix.Length;
        for (var i = 0; i < values.Length; i++)
        {
            if (i > 0 && i % 4 == 0)
            {
                text[position++] = '-';
            }

            text[position++] = OnlineLicenseKey.Alphabet[values[i]];
        }

        return new string(text);
    }
}
