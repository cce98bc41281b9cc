namespace Glyphh.Licensing;

/// <summary>
/// The online key format <c>GLYPHH-XXXX-XXXX-XXXX-XXXX</c>: 16 Crockford base32 characters
/// (<c>0-9 A-Z</c> without <c>I L O U</c>), the last a Luhn mod 32 check character over the first 15.
/// Lowercase and the Crockford aliases (<c>O</c> for 0, <c>I</c>/<c>L</c> for 1) are accepted and normalised.
/// </summary>
public static class OnlineLicenseKey
{
    /// <summary>The Crockford base32 alphabet.</summary>
    public const string Alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

    /// <summary>The prefix of every key.</summary>
    public const string Prefix = "GLYPHH-";

    /// <summary>Number of key characters after the prefix (without dashes).</summary>
    public const int CharacterCount = 16;

    /// <summary>Whether <paramref name="value"/> is a well-formed key with a correct check character.</summary>
    /// <param name="value">The text to check.</param>
    /// <returns><see langword="true"/> when well formed.</returns>
    public static bool IsWellFormed(string? value) => TryNormalize(value, out _);

    /// <summary>Normalises a key to upper case canonical characters and checks its check character.</summary>
    /// <param name="value">The text to check.</param>
    /// <param name="normalized">The canonical key.</param>
    /// <returns><see langword="true"/> when well formed.</returns>
    public static bool TryNormalize(string? value, out string normalized)
    {
        normalized = string.Empty;
        var text = value.AsSpan().Trim();
        if (text.Length != Prefix.Length + CharacterCount + 3 || !text.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        Span<char> result = stackalloc char[Prefix.Length + CharacterCount + 3];
        Prefix.AsSpan().CopyTo(result);
        Span<int> values = stackalloc int[CharacterCount];
        var count = 0;
        for (var i = Prefix.Length; i < text.Length; i++)
        {
            var position = i - Prefix.Length;
            if (position % 5 == 4)
            {
                if (text[i] != '-')
                {
                    return false;
                }

                result[i] = '-';
                continue;
            }

            var v = ValueOf(text[i]);
            if (v < 0)
            {
                return false;
            }

            values[count++] = v;
            result[i] = Alphabet[v];
        }

        if (values[CharacterCount - 1] != CheckValue(values[..(CharacterCount - 1)]))
        {
            return false;
        }

        normalized = new string(result);
        return true;
    }

    /// <summary>The Luhn mod 32 check value over <paramref name="values"/> (each 0..31).</summary>
    /// <param name="values">The payload character values.</param>
    /// <returns>The check character's value.</returns>
    public static int CheckValue(ReadOnlySpan<int> values)
    {
        const int n = 32;
        var factor = 2;
        var sum = 0;
        for (var i = values.Length - 1; i >= 0; i--)
        {
            var addend = factor * values[i];
            factor = factor == 2 ? 1 : 2;
            sum += (addend / n) + (addend % n);
        }

        return (n - (sum % n)) % n;
    }

    /// <summary>The value of one key character, or -1 when it is not one.</summary>
    /// <param name="c">The character.</param>
    /// <returns>0..31 or -1.</returns>
    public static int ValueOf(char c)
    {
        c = char.ToUpperInvariant(c);
        switch (c)
        {
            case 'O':
                return 0;
            case 'I':
            case 'L':
                return 1;
            case 'U':
                return -1;
        }

        return Alphabet.IndexOf(c, StringComparison.Ordinal);
    }
}
