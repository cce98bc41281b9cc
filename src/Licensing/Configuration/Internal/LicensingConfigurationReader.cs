using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace Glyphh.Licensing.Internal;

/// <summary>
/// Reads options by hand rather than with the reflection binder: it accepts the contract's spellings
/// (<c>self-hosted</c>), stays trim-safe, and turns every bad value into a message naming the key.
/// Precedence: <c>Glyphh:Licensing:Key</c>, then <c>Key</c> at the given level, then the contract variable.
/// </summary>
internal static class LicensingConfigurationReader
{
    public static void Apply(IConfiguration configuration, GlyphhLicensingOptions options)
    {
        var section = configuration.GetSection(GlyphhLicensingOptions.SectionName);

        string? Read(string key, string? variable)
        {
            var value = section[key];
            if (!string.IsNullOrWhiteSpace(value))
            {
                return value;
            }

            value = configuration[key];
            if (!string.IsNullOrWhiteSpace(value))
            {
                return value;
            }

            value = variable is null ? null : configuration[variable];
            return string.IsNullOrWhiteSpace(value) ? null : value;
        }

        static string Name(string key, string? variable) => variable is null
            ? $"{GlyphhLicensingOptions.SectionName}:{key}"
            : $"{variable} ({GlyphhLicensingOptions.SectionName}:{key})";

        if (Read("Mode", "DEPLOYMENT_MODE") is { } mode)
        {
            if (DeploymentModes.TryParse(mode, out var parsed))
            {
                options.Mode = parsed;
            }
            else
            {
                options.BindingErrors.Add($"{Name("Mode", "DEPLOYMENT_MODE")} is '{mode}'; expected local, self-hosted or cloud.");
            }
        }

        options.Product = Read("Product", null) ?? options.Product;
        options.ProductVersion = Read("ProductVersion", null) ?? options.ProductVersion;
        options.LicenseKey = Read("LicenseKey", "LICENSE_KEY") ?? options.LicenseKey;
        options.LicenseFile = Read("LicenseFile", "LICENSE_FILE") ?? options.LicenseFile;
        options.RootCertificatesPem = Read("RootCertificatesPem", null) ?? options.RootCertificatesPem;
        options.RootCertificateFile = Read("RootCertificateFile", "LICENSE_ROOT_CERT") ?? options.RootCertificateFile;
        options.DataDirectory = Read("DataDirectory", "GLYPHH_DATA_DIR") ?? options.DataDirectory;
        options.MachineId = Read("MachineId", "GLYPHH_MACHINE_ID") ?? options.MachineId;

        if (Read("ServerUrl", "LICENSE_SERVER_URL") is { } url)
        {
            if (Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp))
            {
                options.ServerUrl = uri;
            }
            else
            {
                options.BindingErrors.Add($"{Name("ServerUrl", "LICENSE_SERVER_URL")} is not an absolute http(s) URL: '{url}'.");
            }
        }

        void Span(string key, Action<TimeSpan> set)
        {
            if (Read(key, null) is not { } text)
            {
                return;
            }

            if (TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out var value))
            {
                set(value);
            }
            else
            {
                options.BindingErrors.Add($"{Name(key, null)} is not a time span (d.hh:mm:ss): '{text}'.");
            }
        }

        Span(nameof(GlyphhLicensingOptions.GracePeriod), v => options.GracePeriod = v);
        Span(nameof(GlyphhLicensingOptions.RevalidationInterval), v => options.RevalidationInterval = v);
        Span(nameof(GlyphhLicensingOptions.RetryInterval), v => options.RetryInterval = v);
        Span(nameof(GlyphhLicensingOptions.ExpiringWarning), v => options.ExpiringWarning = v);
        Span(nameof(GlyphhLicensingOptions.ClockSkewTolerance), v => options.ClockSkewTolerance = v);
        Span(nameof(GlyphhLicensingOptions.ReceiptMaxAge), v => options.ReceiptMaxAge = v);

        if (Read(nameof(GlyphhLicensingOptions.InvalidLicenseHealthStatus), null) is { } health)
        {
            if (string.Equals(health, "Degraded", StringComparison.OrdinalIgnoreCase))
            {
                options.InvalidLicenseHealthStatus = Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Degraded;
            }
            else if (string.Equals(health, "Unhealthy", StringComparison.OrdinalIgnoreCase))
            {
                options.InvalidLicenseHealthStatus = Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Unhealthy;
            }
            else
            {
                options.BindingErrors.Add($"{Name(nameof(GlyphhLicensingOptions.InvalidLicenseHealthStatus), null)} is '{health}'; expected Degraded or Unhealthy.");
            }
        }

        var excluded = section.GetSection(nameof(GlyphhLicensingOptions.ExcludedPaths));
        var list = excluded.GetChildren().Select(c => c.Value).Where(v => !string.IsNullOrWhiteSpace(v)).Select(v => v!.Trim()).ToList();
        if (list.Count == 0 && !string.IsNullOrWhiteSpace(excluded.Value))
        {
            list = [.. excluded.Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];
        }

        if (list.Count > 0)
        {
            options.ExcludedPaths = list;
        }
    }
}
