using System.Globalization;
using Glyphh.Licensing;

namespace Glyphh.LicenseTool.CommandLine;

/// <summary>Typed readings of option values; every failure is a <see cref="UsageException"/> naming the option.</summary>
internal static class Arguments
{
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

    /// <summary>Repeated <c>name=integer</c> pairs for any product-defined name, e.g. <c>--limit projects=3</c>.</summary>
    public static Dictionary<string, long> Limits(string option, IEnumerable<string> values)
    {
        var limits = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var value in values)
        {
            var eq = value.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0 || eq == value.Length - 1)
            {
                throw new UsageException($"--{option} '{value}' must be NAME=NUMBER, e.g. projects=3");
            }
            var name = value[..eq].Trim();
            if (!LicenseEntitlements.IsValidName(name))
            {
                throw new UsageException($"--{option} name '{name}' may use only a-z, 0-9, '_', '.' and '-' (1 to {LicenseEntitlements.MaxNameLength} characters)");
            }
            if (!long.TryParse(value[(eq + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var number))
            {
                throw new UsageException($"--{option} {name} must be a whole number of 0 or more, not '{value[(eq + 1)..]}'");
            }
            if (!limits.TryAdd(name, number))
            {
                throw new UsageException($"--{option} {name} is given twice");
            }
            if (limits.Count > LicenseEntitlements.MaxLimits)
            {
                throw new UsageException($"--{option} may be given at most {LicenseEntitlements.MaxLimits} times");
            }
        }
        return limits;
    }

    /// <summary>Repeated features, each a name or <c>name:value</c>, e.g. <c>--feature sso --feature tier:pro</c>.</summary>
    public static List<string> Features(string option, IEnumerable<string> values)
    {
        var features = values.Distinct(StringComparer.Ordinal).ToList();
        foreach (var feature in features)
        {
            if (!LicenseEntitlements.IsValidFeature(feature))
            {
                throw new UsageException($"--{option} '{feature}' must be NAME or NAME:VALUE, each using only a-z, 0-9, '_', '.' and '-' (1 to {LicenseEntitlements.MaxNameLength} characters)");
            }
        }
        if (LicenseEntitlements.CheckFeatures(features) is { } problem)
        {
            throw new UsageException($"--{option}: {problem.TrimEnd('.')}");
        }
        return features;
    }

    public static int PositiveInt(string option, string value) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number > 0
            ? number
            : throw new UsageException($"--{option} must be a whole number above 0, not '{value}'");

    public static string OneOf(string option, string value, params string[] allowed) =>
        allowed.FirstOrDefault(a => string.Equals(a, value, StringComparison.OrdinalIgnoreCase))
            ?? throw new UsageException($"--{option} must be one of {string.Join(", ", allowed)}, not '{value}'");
}
