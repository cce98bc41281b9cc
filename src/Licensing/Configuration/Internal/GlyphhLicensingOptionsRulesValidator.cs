using Microsoft.Extensions.Options;

namespace Glyphh.Licensing.Internal;

/// <summary>Ranges and cross-field rules: what self-hosted mode needs, and that the license and roots can be read.</summary>
internal sealed class GlyphhLicensingOptionsRulesValidator : IValidateOptions<GlyphhLicensingOptions>
{
    private const string Section = GlyphhLicensingOptions.SectionName;

    public ValidateOptionsResult Validate(string? name, GlyphhLicensingOptions options)
    {
        var failures = new List<string>(options.BindingErrors);
        // No default: a default product would be some vendor's name, and every license names one product.
        if (string.IsNullOrWhiteSpace(options.Product))
        {
            failures.Add($"{Section}:Product is required: the product name your licenses name (for example 'acme-projects').");
        }

        Range(failures, nameof(options.GracePeriod), options.GracePeriod, TimeSpan.Zero, TimeSpan.FromDays(365));
        Range(failures, nameof(options.RevalidationInterval), options.RevalidationInterval, TimeSpan.FromMinutes(1), TimeSpan.FromDays(30));
        Range(failures, nameof(options.RetryInterval), options.RetryInterval, TimeSpan.FromSeconds(1), TimeSpan.FromDays(1));
        Range(failures, nameof(options.ExpiringWarning), options.ExpiringWarning, TimeSpan.Zero, TimeSpan.FromDays(365));
        Range(failures, nameof(options.ClockSkewTolerance), options.ClockSkewTolerance, TimeSpan.Zero, TimeSpan.FromDays(1));
        Range(failures, nameof(options.ReceiptMaxAge), options.ReceiptMaxAge, TimeSpan.FromSeconds(1), TimeSpan.FromDays(1));
        if (options.InvalidLicenseHealthStatus is not (Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Degraded or Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Unhealthy))
        {
            failures.Add($"{Section}:InvalidLicenseHealthStatus is {options.InvalidLicenseHealthStatus}; it must be Degraded or Unhealthy.");
        }

        if (options.ExcludedPaths is null)
        {
            failures.Add($"{Section}:ExcludedPaths must not be null.");
        }
        else
        {
            foreach (var path in options.ExcludedPaths)
            {
                if (string.IsNullOrWhiteSpace(path) || path[0] != '/')
                {
                    failures.Add($"{Section}:ExcludedPaths entry '{path}' must start with '/'.");
                }
            }
        }

        Limits(failures, nameof(options.LocalLimits), options.LocalLimits);
        Limits(failures, nameof(options.CloudLimits), options.CloudLimits);
        Limits(failures, nameof(options.SelfHostedLimits), options.SelfHostedLimits);
        if (options.ProblemTypeBaseUri is { } typeBase && (!typeBase.IsAbsoluteUri || !typeBase.AbsoluteUri.EndsWith('/')))
        {
            failures.Add($"{Section}:ProblemTypeBaseUri must be an absolute URI ending with '/'.");
        }

        if (options.ServerUrl is { } url && (!url.IsAbsoluteUri || (url.Scheme != Uri.UriSchemeHttps && url.Scheme != Uri.UriSchemeHttp)))
        {
            failures.Add($"LICENSE_SERVER_URL ({Section}:ServerUrl) must be an absolute http(s) URL.");
        }

        if (options.Mode == DeploymentMode.SelfHosted && options.BindingErrors.Count == 0)
        {
            ValidateSelfHosted(options, failures);
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void Range(List<string> failures, string key, TimeSpan value, TimeSpan min, TimeSpan max)
    {
        if (value < min || value > max)
        {
            failures.Add($"{Section}:{key} is {value}; it must be between {min} and {max}.");
        }
    }

    private static void Limits(List<string> failures, string key, IDictionary<string, long>? limits)
    {
        if (limits is null)
        {
            failures.Add($"{Section}:{key} must not be null.");
        }
        else if (LicenseEntitlements.CheckLimits(limits) is { } problem)
        {
            failures.Add($"{Section}:{key}: {problem}");
        }
    }

    private static void ValidateSelfHosted(GlyphhLicensingOptions options, List<string> failures)
    {
        var hasKey = !string.IsNullOrWhiteSpace(options.LicenseKey);
        var hasFile = !string.IsNullOrWhiteSpace(options.LicenseFile);
        if (!hasKey && !hasFile)
        {
            failures.Add($"Self-hosted mode needs a license: set LICENSE_KEY ({Section}:LicenseKey) or LICENSE_FILE ({Section}:LicenseFile).");
        }
        else if (hasKey && hasFile)
        {
            failures.Add($"Set only one of LICENSE_KEY ({Section}:LicenseKey) and LICENSE_FILE ({Section}:LicenseFile).");
        }
        else if (hasKey && !OnlineLicenseKey.IsWellFormed(options.LicenseKey) && !options.LicenseKey!.Contains(LicenseSigning.ArmorHeader, StringComparison.Ordinal))
        {
            failures.Add($"LICENSE_KEY ({Section}:LicenseKey) is neither an online key GLYPHH-XXXX-XXXX-XXXX-XXXX (check for a mistyped character) nor an armored license.");
        }
        else if (hasFile && !File.Exists(options.LicenseFile))
        {
            failures.Add($"LICENSE_FILE ({Section}:LicenseFile) '{options.LicenseFile}' does not exist.");
        }

        var hasPem = !string.IsNullOrWhiteSpace(options.RootCertificatesPem);
        var hasRootFile = !string.IsNullOrWhiteSpace(options.RootCertificateFile);
        if (!hasPem && !hasRootFile)
        {
            failures.Add($"Self-hosted mode needs the vendor root certificate: set LICENSE_ROOT_CERT ({Section}:RootCertificateFile) or {Section}:RootCertificatesPem.");
            return;
        }

        try
        {
            var pem = hasPem ? options.RootCertificatesPem! : File.ReadAllText(options.RootCertificateFile!);
            foreach (var certificate in LicenseVerifier.LoadRoots(pem))
            {
                certificate.Dispose();
            }
        }
        catch (Exception ex) when (ex is GlyphhLicensingException or IOException or UnauthorizedAccessException)
        {
            var key = hasPem ? $"{Section}:RootCertificatesPem" : $"LICENSE_ROOT_CERT ({Section}:RootCertificateFile) '{options.RootCertificateFile}'";
            failures.Add($"{key} cannot be read: {ex.Message}");
        }
    }
}
