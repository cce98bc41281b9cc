using System.Globalization;

namespace Glyphh.Quotas.Internal;

/// <summary>Input checks shared by the service and the HTTP endpoints.</summary>
internal static class QuotaValidation
{
    public const int MaxResourceNameLength = 63;

    public static bool IsValidResourceName(string? resource)
    {
        if (resource is null || resource.Length is 0 or > MaxResourceNameLength || !char.IsAsciiLetterLower(resource[0]))
        {
            return false;
        }
        foreach (var c in resource)
        {
            if (!char.IsAsciiLetterLower(c) && !char.IsAsciiDigit(c) && c != '_')
            {
                return false;
            }
        }
        return true;
    }

    public static void ThrowIfInvalidNamespace(string @namespace)
    {
        ArgumentNullException.ThrowIfNull(@namespace);
        if (!QuotaNamespace.IsValid(@namespace))
        {
            throw new QuotaException(
                QuotaErrorCodes.InvalidNamespace,
                string.Create(CultureInfo.InvariantCulture, $"The namespace '{Printable(@namespace)}' is not valid: use 1 to {QuotaNamespace.MaxLength} ASCII letters, digits, '.', '_' or '-', starting with a letter or digit."));
        }
    }

    public static void ThrowIfInvalidAmount(long amount, string what)
    {
        if (amount is < 0 or > QuotaLimit.MaxValue)
        {
            throw new QuotaException(
                QuotaErrorCodes.InvalidAmount,
                string.Create(CultureInfo.InvariantCulture, $"The {what} {amount} is not valid: it must be between 0 and {QuotaLimit.MaxValue}."));
        }
    }

    public static void ThrowIfInvalidDelta(long amount)
    {
        if (amount is < -QuotaLimit.MaxValue or > QuotaLimit.MaxValue)
        {
            throw new QuotaException(
                QuotaErrorCodes.InvalidAmount,
                string.Create(CultureInfo.InvariantCulture, $"The amount {amount} is not valid: it must be between -{QuotaLimit.MaxValue} and {QuotaLimit.MaxValue}."));
        }
    }

    /// <summary>A short, log-safe rendering of untrusted text: control characters escaped, long input cut.</summary>
    public static string Printable(string text)
    {
        const int max = 64;
        var cut = text.Length > max ? text[..max] : text;
        var builder = new System.Text.StringBuilder(cut.Length + 8);
        foreach (var c in cut)
        {
            if (char.IsControl(c) || char.IsSurrogate(c))
            {
                builder.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:x4}");
            }
            else
            {
                builder.Append(c);
            }
        }
        if (text.Length > max)
        {
            builder.Append("...");
        }
        return builder.ToString();
    }
}
