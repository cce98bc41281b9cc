using Glyphh.Licensing.Internal;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Adds the license health check.</summary>
public static class GlyphhLicensingHealthChecksBuilderExtensions
{
    /// <summary>
    /// Adds a check reporting the license state: healthy (unlicensed, valid), degraded (expiring, grace), and for expired or
    /// invalid <c>GlyphhLicensingOptions.InvalidLicenseHealthStatus</c> (degraded unless set to unhealthy; the gate answers 503
    /// either way). A check that throws or times out is unhealthy. Needs <c>AddGlyphhLicensing</c>.
    /// </summary>
    /// <param name="builder">The health checks builder.</param>
    /// <param name="name">The check name.</param>
    /// <param name="tags">Tags; <c>ready</c> and <c>license</c> when <see langword="null"/>.</param>
    /// <returns>The builder.</returns>
    public static IHealthChecksBuilder AddGlyphhLicenseCheck(this IHealthChecksBuilder builder, string name = "license", IEnumerable<string>? tags = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        return builder.AddCheck<LicenseHealthCheck>(name, HealthStatus.Unhealthy, tags ?? ["ready", "license"]);
    }
}
