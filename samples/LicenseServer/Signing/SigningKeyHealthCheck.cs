using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Glyphh.LicenseServer.Signing;

/// <summary>
/// Readiness of the signing key: unhealthy when no certificate can sign now (expired, not yet valid, no key),
/// degraded within <see cref="ExpiryWarning"/> of the current one's expiry, so rotation happens before it hurts.
/// </summary>
internal sealed class SigningKeyHealthCheck(SigningKeyRing ring, TimeProvider time) : IHealthCheck
{
    public static readonly TimeSpan ExpiryWarning = TimeSpan.FromDays(30);

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var current = ring.Current;
        var now = time.GetUtcNow();
        var notAfter = new DateTimeOffset(current.NotAfter.ToUniversalTime());
        var notBefore = new DateTimeOffset(current.NotBefore.ToUniversalTime());
        var name = $"signing certificate {current.Thumbprint[..12]}";
        if (!current.HasPrivateKey)
        {
            return Task.FromResult(HealthCheckResult.Unhealthy($"{name} has no private key"));
        }
        if (now < notBefore || now >= notAfter)
        {
            return Task.FromResult(HealthCheckResult.Unhealthy($"{name} is not valid now (valid {notBefore:yyyy-MM-dd} to {notAfter:yyyy-MM-dd}); rotate with 'glyphh-license ca rotate'"));
        }
        if (notAfter - now < ExpiryWarning)
        {
            return Task.FromResult(HealthCheckResult.Degraded($"{name} expires {notAfter:yyyy-MM-dd}; rotate with 'glyphh-license ca rotate'"));
        }
        return Task.FromResult(HealthCheckResult.Healthy($"{name} valid until {notAfter:yyyy-MM-dd}"));
    }
}
