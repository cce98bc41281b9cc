using System.Globalization;

namespace Glyphh.Licensing;

/// <summary>
/// The rules for what a license may grant, shared by the issuer, the license server and the verifier.
/// A limit is a product-defined name (<c>projects</c>) and a non-negative integer. A feature is a name
/// (<c>sso</c>) or a name and a value (<c>tier:pro</c>). Names are 1–64 characters of <c>a-z</c>,
/// <c>0-9</c>, <c>_</c>, <c>.</c>, <c>-</c>; so are feature values.
/// </summary>
public static class LicenseEntitlements
{
    /// <summary>The longest limit name, feature name or feature value.</summary>
    public const int MaxNameLength = 64;

    /// <summary>The most limits one license may carry.</summary>
    public const int MaxLimits = 64;

    /// <summary>The most features one license may carry.</summary>
    public const int MaxFeatures = 64;

    /// <summary>Separates a feature's name from its value (<c>tier:pro</c>).</summary>
    public const char FeatureValueSeparator = ':';

    /// <summary>Whether <paramref name="name"/> is a valid limit or feature name.</summary>
    /// <param name="name">The name.</param>
    /// <returns><see langword="true"/> when 1–64 characters of <c>a-z</c>, <c>0-9</c>, <c>_</c>, <c>.</c>, <c>-</c>.</returns>
    public static bool IsValidName(string? name) => name is { Length: > 0 and <= MaxNameLength } && name.All(IsNameChar);

    /// <summary>Whether <paramref name="feature"/> is a valid feature: a name, or a name, <c>:</c> and a value.</summary>
    /// <param name="feature">The feature.</param>
    /// <returns><see langword="true"/> when valid.</returns>
    public static bool IsValidFeature(string? feature)
    {
        if (feature is null)
        {
            return false;
        }

        var (name, value) = SplitFeature(feature);
        return IsValidName(name) && (value is null || IsValidName(value));
    }

    /// <summary>Splits a feature into its name and value at the first <c>:</c>.</summary>
    /// <param name="feature">The feature, for example <c>tier:pro</c>.</param>
    /// <returns>The name and the value (<see langword="null"/> when the feature has none).</returns>
    public static (string Name, string? Value) SplitFeature(string feature)
    {
        ArgumentNullException.ThrowIfNull(feature);
        var at = feature.IndexOf(FeatureValueSeparator, StringComparison.Ordinal);
        return at < 0 ? (feature, null) : (feature[..at], feature[(at + 1)..]);
    }

    /// <summary>Checks limits against the rules.</summary>
    /// <param name="limits">The names and numbers.</param>
    /// <returns><see langword="null"/> when valid, else one line naming the first problem.</returns>
    public static string? CheckLimits(IEnumerable<KeyValuePair<string, long>> limits)
    {
        ArgumentNullException.ThrowIfNull(limits);
        var count = 0;
        foreach (var (name, value) in limits)
        {
            if (!IsValidName(name))
            {
                return $"limit name '{Shorten(name)}' may use only a-z, 0-9, '_', '.' and '-' (1 to {MaxNameLength} characters).";
            }

            if (value < 0)
            {
                return $"limit {name} is {value.ToString(CultureInfo.InvariantCulture)}; it must be 0 or more.";
            }

            if (++count > MaxLimits)
            {
                return $"a license carries at most {MaxLimits} limits.";
            }
        }

        return null;
    }

    /// <summary>Checks features against the rules: valid, and no name twice.</summary>
    /// <param name="features">The features.</param>
    /// <returns><see langword="null"/> when valid, else one line naming the first problem.</returns>
    public static string? CheckFeatures(IEnumerable<string> features)
    {
        ArgumentNullException.ThrowIfNull(features);
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var feature in features)
        {
            if (!IsValidFeature(feature))
            {
                return $"feature '{Shorten(feature ?? "null")}' must be a name or name:value, each 1 to {MaxNameLength} characters of a-z, 0-9, '_', '.' and '-'.";
            }

            if (!names.Add(SplitFeature(feature!).Name))
            {
                return $"feature {SplitFeature(feature!).Name} appears more than once.";
            }

            if (names.Count > MaxFeatures)
            {
                return $"a license carries at most {MaxFeatures} features.";
            }
        }

        return null;
    }

    /// <summary>Formats limits for a message: <c>name=N</c> pairs in ordinal name order, comma separated.</summary>
    /// <param name="limits">The names and numbers.</param>
    /// <param name="empty">The text for no limits at all (for example <c>unlimited</c>).</param>
    /// <returns>The text, or <paramref name="empty"/>.</returns>
    public static string Describe(IEnumerable<KeyValuePair<string, long>> limits, string empty)
    {
        ArgumentNullException.ThrowIfNull(limits);
        ArgumentNullException.ThrowIfNull(empty);
        var text = string.Join(", ", limits.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}={p.Value.ToString(CultureInfo.InvariantCulture)}"));
        return text.Length == 0 ? empty : text;
    }

    /// <summary>Shortens untrusted text for a message.</summary>
    internal static string Shorten(string value) => value.Length <= 40 ? value : value[..40] + "...";

    private static bool IsNameChar(char c) => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '_' or '.' or '-';
}
