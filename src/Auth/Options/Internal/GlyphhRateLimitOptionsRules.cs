using Microsoft.Extensions.Options;

namespace Glyphh.Auth.Options.Internal;

/// <summary>Cross-field rules of <see cref="GlyphhRateLimitOptions"/>.</summary>
internal sealed class GlyphhRateLimitOptionsRules : IValidateOptions<GlyphhRateLimitOptions>
{
    public ValidateOptionsResult Validate(string? name, GlyphhRateLimitOptions options)
    {
        if (options.GlobalPolicy is { } global && !options.Policies.ContainsKey(global))
        {
            return ValidateOptionsResult.Fail($"{GlyphhRateLimitOptions.SectionName}:GlobalPolicy '{global}' is not one of the configured policies ({string.Join(", ", options.Policies.Keys)}).");
        }

        foreach (var (policy, settings) in options.Policies)
        {
            if (settings is null)
            {
                return ValidateOptionsResult.Fail($"{GlyphhRateLimitOptions.SectionName}:Policies:{policy} is empty.");
            }

            var key = $"{GlyphhRateLimitOptions.SectionName}:Policies:{policy}";
            if (settings.PermitLimit < 1)
            {
                return ValidateOptionsResult.Fail($"{key}:PermitLimit must be at least 1.");
            }

            if (settings.Window <= TimeSpan.Zero || settings.Window > TimeSpan.FromDays(1))
            {
                return ValidateOptionsResult.Fail($"{key}:Window must be more than zero and at most one day.");
            }

            if (settings.QueueLimit < 0 || settings.SegmentsPerWindow < 1)
            {
                return ValidateOptionsResult.Fail($"{key}: QueueLimit must be 0 or more and SegmentsPerWindow at least 1.");
            }

            if (!Enum.IsDefined(settings.Algorithm))
            {
                return ValidateOptionsResult.Fail($"{GlyphhRateLimitOptions.SectionName}:Policies:{policy}:Algorithm must be FixedWindow, SlidingWindow or TokenBucket.");
            }
        }

        return ValidateOptionsResult.Success;
    }
}
