using Microsoft.Extensions.Options;

namespace Glyphh.Health.Internal.Options;

/// <summary>Rules of <see cref="GlyphhHealthOptions"/> that span several settings.</summary>
internal sealed class GlyphhHealthOptionsRules : IValidateOptions<GlyphhHealthOptions>
{
    public ValidateOptionsResult Validate(string? name, GlyphhHealthOptions options)
    {
        var paths = new List<(string Key, string Path)> { (nameof(options.LivenessPath), options.LivenessPath), (nameof(options.ReadinessPath), options.ReadinessPath) };
        if (!string.IsNullOrEmpty(options.ReadinessAliasPath))
        {
            paths.Add((nameof(options.ReadinessAliasPath), options.ReadinessAliasPath));
        }
        if (!string.IsNullOrEmpty(options.MetricsPath))
        {
            paths.Add((nameof(options.MetricsPath), options.MetricsPath));
        }

        var failures = new List<string>();
        for (var i = 0; i < paths.Count; i++)
        {
            for (var j = i + 1; j < paths.Count; j++)
            {
                if (string.Equals(paths[i].Path, paths[j].Path, StringComparison.OrdinalIgnoreCase))
                {
                    failures.Add($"{nameof(GlyphhHealthOptions)}.{paths[j].Key} ('{paths[j].Path}') is the same path as {nameof(GlyphhHealthOptions)}.{paths[i].Key}.");
                }
            }
        }
        if (options.CheckTimeout <= TimeSpan.Zero)
        {
            failures.Add($"{nameof(GlyphhHealthOptions)}.{nameof(options.CheckTimeout)} ({options.CheckTimeout}) must be greater than zero.");
        }
        if (options.Deadline <= TimeSpan.Zero)
        {
            failures.Add($"{nameof(GlyphhHealthOptions)}.{nameof(options.Deadline)} ({options.Deadline}) must be greater than zero.");
        }
        if (options.CacheDuration < TimeSpan.Zero)
        {
            failures.Add($"{nameof(GlyphhHealthOptions)}.{nameof(options.CacheDuration)} ({options.CacheDuration}) must not be negative.");
        }
        foreach (var meter in options.AdditionalMeters)
        {
            if (string.IsNullOrWhiteSpace(meter))
            {
                failures.Add($"{nameof(GlyphhHealthOptions)}.{nameof(options.AdditionalMeters)} holds an empty meter name.");
            }
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
