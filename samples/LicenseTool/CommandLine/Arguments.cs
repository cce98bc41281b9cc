using System.Globalization;

namespace Glyphh.LicenseTool.CommandLine;

/// <summary>Typed readings of option values; every failure is a <see cref="UsageException"/> naming the option.</summary>
internal static class Arguments
{
    /// <summary>The limits the license format carries.</summary>
    public static readonly string[] KnownLimits = ["models", "glyphs"];

    /// <summary>A date (<c>YYYY-MM-DD</c>, midnight UTC) or an ISO 8601 timestamp with an offset.</summary>
    public static DateTimeOffset Date(string option, string value)
    {
        if (DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return new DateTimeOffset(date.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        }
        if (value.Contains('T', StringComparison.Ordinal) &&
            DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var instant))
        {
            return instant.ToUniversalTime();
        }
        throw new UsageException($"--{option} '{value}' is not a date (YYYY-MM-DD or an ISO 8601 timestamp)");
    }

    /// <summary>Repeated <c>name=integer</c> pairs, e.g. <c>--limit models=10</c>.</summary>
    public static Dictionary<string, long> Limits(string option, IEnumerable<string> values)
    {
        var limits = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var value in values)
        {
            var eq = value.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0 || eq == value.Length - 1)
            {
                throw new UsageException($"--{option} '{value}' must be NAME=NUMBER, e.g. models=10");
            }
            var name = value[..eq].Trim();
            if (!KnownLimits.Contains(name, StringComparer.Ordinal))
            {
                throw new UsageException($"--{option} '{name}' is not a known limit ({string.Join(", ", KnownLimits)})");
            }
            if (!IsName(name))
            {
                throw new UsageException($"--{option} name '{name}' may use only a-z, 0-9, '_' and '-'");
            }
            if (!long.TryParse(value[(eq + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var number))
            {
                throw new UsageException($"--{option} {name} must be a whole number of 0 or more, not '{value[(eq + 1)..]}'");
            }
            if (!limits.TryAdd(name, number))
            {
                throw new UsageException($"--{option} {name} is given twice");
            }
        }
        return limits;
    }

    public static int PositiveInt(string option, string value) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number > 0
            ? number
            : throw new UsageException($"--{option} must be a whole number above 0, not '{value}'");

    public static string OneOf(string option, string value, params string[] allowed) =>
        allowed.FirstOrDefault(a => string.Equals(a, value, StringComparison.OrdinalIgnoreCase))
            ?? throw new UsageException($"--{option} must be one of {string.Join(", ", allowed)}, not '{value}'");

    public static bool IsName(string name) =>
        name.Length is > 0 and <= 64 && name.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '_' or '-' or '.');
}
