using System.Globalization;
using Microsoft.Extensions.Options;

namespace Glyphh.Quotas.Internal;

/// <summary>Checks the resource names and default limits of <see cref="GlyphhQuotasOptions.DefaultLimits"/>.</summary>
internal sealed class QuotaDefaultLimitsValidator : IValidateOptions<GlyphhQuotasOptions>
{
    public ValidateOptionsResult Validate(string? name, GlyphhQuotasOptions options)
    {
        var failures = new List<string>(options.BindingErrors);
        foreach (var (resource, limit) in options.EffectiveLimits())
        {
            var key = $"{GlyphhQuotasOptions.SectionName}:DefaultLimits:{resource}";
            if (!QuotaValidation.IsValidResourceName(resource))
            {
                failures.Add($"{key}: a resource name has 1 to 63 lowercase letters, digits or '_', starting with a letter.");
            }
            if (limit is < 0 or > QuotaLimit.MaxValue)
            {
                failures.Add(string.Create(CultureInfo.InvariantCulture, $"{key} is {limit}; a limit is between 0 and {QuotaLimit.MaxValue}, or empty for unlimited."));
            }
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
