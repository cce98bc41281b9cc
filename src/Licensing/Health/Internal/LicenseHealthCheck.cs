using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace Glyphh.Licensing.Internal;

/// <summary>
/// Healthy when unlicensed or valid, degraded when expiring or in grace, <see cref="GlyphhLicensingOptions.InvalidLicenseHealthStatus"/>
/// (degraded unless set) when expired or invalid.
/// </summary>
internal sealed class LicenseHealthCheck(ILicenseState state, IOptions<GlyphhLicensingOptions> options) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var snapshot = state.Current;
        var data = new Dictionary<string, object>
        {
            ["status"] = snapshot.Status.ToName(),
            ["mode"] = snapshot.Mode.ToName(),
        };
        if (snapshot.ExpiresAt is { } expires)
        {
            data["expires_at"] = expires;
        }

        if (snapshot.GraceEndsAt is { } graceEnd)
        {
            data["grace_ends_at"] = graceEnd;
        }

        var status = snapshot.Status switch
        {
            LicenseStatus.Unlicensed or LicenseStatus.Valid => HealthStatus.Healthy,
            LicenseStatus.Expiring or LicenseStatus.Grace => HealthStatus.Degraded,
            _ => options.Value.InvalidLicenseHealthStatus,
        };
        return Task.FromResult(new HealthCheckResult(status, snapshot.Reason, data: data));
    }
}
