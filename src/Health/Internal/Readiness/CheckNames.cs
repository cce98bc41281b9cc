using System.Text;

namespace Glyphh.Health.Internal.Readiness;

/// <summary>Turns registration names into the snake_case keys of the readiness response and the metrics label.</summary>
internal static class CheckNames
{
    public static string ToSnakeCase(string name)
    {
        var builder = new StringBuilder(name.Length + 4);
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (char.IsAsciiLetterOrDigit(c))
            {
                // A capital after a lower-case letter or digit starts a word: "DataDir" -> "data_dir".
                if (char.IsAsciiLetterUpper(c) && i > 0 && (char.IsAsciiLetterLower(name[i - 1]) || char.IsAsciiDigit(name[i - 1]))
                    && builder.Length > 0 && builder[^1] != '_')
                {
                    builder.Append('_');
                }
                builder.Append(char.ToLowerInvariant(c));
            }
            else if (builder.Length > 0 && builder[^1] != '_')
            {
                builder.Append('_');
            }
        }
        while (builder.Length > 0 && builder[^1] == '_')
        {
            builder.Length--;
        }
        return builder.Length == 0 ? "check" : builder.ToString();
    }

    /// <summary>Keys for all names, with <c>_2</c>, <c>_3</c>... added where two names map to the same key.</summary>
    public static string[] ToUniqueKeys(IReadOnlyList<string> names)
    {
        var keys = new string[names.Count];
        var used = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < names.Count; i++)
        {
            var key = ToSnakeCase(names[i]);
            var candidate = key;
            for (var n = 2; !used.Add(candidate); n++)
            {
                candidate = key + "_" + n.ToString(System.Globalization.CultureInfo.InvariantCulture);
            }
            keys[i] = candidate;
        }
        return keys;
    }
}
