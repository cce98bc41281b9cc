using System.Text.RegularExpressions;

namespace Glyphh.Runtime.Api;

/// <summary>The naming rules for models (namespaces) and glyph ids.</summary>
internal static partial class Names
{
    public const string ModelRule = "1 to 63 characters: lower-case letters, digits and '-'";

    public const string GlyphIdRule = "1 to 128 characters: letters, digits, '-', '_', '.', ':' (not '.' or '..')";

    public static bool IsModel(string? value) => value is not null && ModelPattern().IsMatch(value);

    public static bool IsGlyphId(string? value) => value is not null && value is not ("." or "..") && GlyphIdPattern().IsMatch(value);

    // \z, not $: $ also matches before a final newline, which let "m1\n" through.
    [GeneratedRegex(@"^[a-z0-9-]{1,63}\z", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 100)]
    private static partial Regex ModelPattern();

    [GeneratedRegex(@"^[A-Za-z0-9._:-]{1,128}\z", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 100)]
    private static partial Regex GlyphIdPattern();
}
