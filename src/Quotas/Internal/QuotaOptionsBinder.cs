using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace Glyphh.Quotas.Internal;

/// <summary>
/// Binds <see cref="QuotaOptions"/> by hand: it accepts the word <c>unlimited</c> for a limit, which the reflection
/// binder cannot, and stays trimming- and AOT-safe. Unreadable values are kept for the start-up validator.
/// </summary>
internal static class QuotaOptionsBinder
{
    public static void Bind(IConfiguration configuration, QuotaOptions options)
    {
        var path = configuration is IConfigurationSection section ? section.Path : QuotaOptions.SectionName;

        if (configuration[nameof(QuotaOptions.WarningThreshold)] is { } threshold)
        {
            if (double.TryParse(threshold, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
            {
                options.WarningThreshold = value;
            }
            else
            {
                options.BindingErrors.Add($"{path}:{nameof(QuotaOptions.WarningThreshold)} '{threshold}' is not a number (use for example 0.8).");
            }
        }
        if (configuration[nameof(QuotaOptions.MaxRequestBodyBytes)] is { } maxBody)
        {
            if (int.TryParse(maxBody, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value))
            {
                options.MaxRequestBodyBytes = value;
            }
            else
            {
                options.BindingErrors.Add($"{path}:{nameof(QuotaOptions.MaxRequestBodyBytes)} '{maxBody}' is not a whole number.");
            }
        }
        if (configuration[nameof(QuotaOptions.TierCapAdvice)] is { } advice)
        {
            options.TierCapAdvice = advice;
        }
        foreach (var limit in configuration.GetSection(nameof(QuotaOptions.DefaultLimits)).GetChildren())
        {
            var text = limit.Value?.Trim();
            if (string.IsNullOrEmpty(text) || string.Equals(text, "unlimited", StringComparison.OrdinalIgnoreCase))
            {
                options.DefaultLimits[limit.Key] = null;
            }
            else if (long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value))
            {
                options.DefaultLimits[limit.Key] = value;
            }
            else
            {
                options.BindingErrors.Add($"{limit.Path} '{text}' is not a limit: use a whole number, or 'unlimited'.");
            }
        }
    }
}
