using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Glyphh.Health.Internal.Readiness;

/// <summary>The contract's words and gauge values for <see cref="HealthStatus"/>.</summary>
internal static class HealthStatusText
{
    public static string Of(HealthStatus status) => status switch
    {
        HealthStatus.Healthy => "ok",
        HealthStatus.Degraded => "degraded",
        _ => "unhealthy",
    };

    public static double Value(HealthStatus status) => status switch
    {
        HealthStatus.Healthy => 1,
        HealthStatus.Degraded => 0.5,
        _ => 0,
    };
}
