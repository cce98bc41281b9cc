using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace Glyphh.Quotas.Internal;

/// <summary>
/// Binds <see cref="GlyphhQuotasOptions"/> by hand: it accepts the word <c>unlimited</c> for a limit, which the reflection
/// binder cannot, and stays trimming- and AOT-safe. Unreadable values are kept for the start-up validator.
/// </summary>
internal static class QuotaOptionsBinder
{
    public static void Bind(IConfiguration configuration, GlyphhQuotasOptions options)
    {
        var path = configuration is IConfigurationSection section ? section.Path : GlyphhQuotasOptions.SectionName;

        if (configuration[nameof(GlyphhQuotasOptions.WarningThreshold)] is { } threshold)
        {
            if (double.TryParse(threshold, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
            {
                options.WarningThreshold = value;
            }
            else
            {
                options.BindingErrors.Add($"{path}:{nameof(GlyphhQuotasOptions.WarningThreshold)} '{threshold}' is not a number (use for example 0.8).");
            }
        }
        BindInt(configuration, path, nameof(GlyphhQuotasOptions.MaxRequestBodyBytes), options, static (o, v) => o.MaxRequestBodyBytes = v);
        BindInt(configuration, path, nameof(GlyphhQuotasOptions.ReleaseQueueCapacity), options, static (o, v) => o.ReleaseQueueCapacity = v);
        BindInt(configuration, path, nameof(GlyphhQuotasOptions.MetricsNamespaceLimit), options, static (o, v) => o.MetricsNamespaceLimit = v);
        if (configuration[nameof(GlyphhQuotasOptions.TierCapAdvice)] is { } advice)
        {
            options.TierCapAdvice = advice.Length == 0 ? null : advice;
        }
        if (configuration[nameof(GlyphhQuotasOptions.ProblemTypeBaseUri)] is { } baseUri)
        {
            if (Uri.TryCreate(baseUri, UriKind.Absolute, out var uri) && baseUri.EndsWith('/'))
            {
                options.ProblemTypeBaseUri = uri;
            }
            else
            {
                options.BindingErrors.Add($"{path}:{nameof(GlyphhQuotasOptions.ProblemTypeBaseUri)} '{baseUri}' is not an absolute URI ending in '/'.");
            }
        }
        foreach (var limit in configuration.GetSection(nameof(GlyphhQuotasOptions.DefaultLimits)).GetChildren())
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

    private static void BindInt(IConfiguration configuration, string path, string key, GlyphhQuotasOptions options, Action<GlyphhQuotasOptions, int> set)
    {
        if (configuration[key] is not { } text)
        {
            return;
        }
        if (int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value))
        {
            set(options, value);
        }
        else
        {
            options.BindingErrors.Add($"{path}:{key} '{text}' is not a whole number.");
        }
    }
}
