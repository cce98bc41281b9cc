using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Glyphh.Runtime.Hosting;

/// <summary>Readiness turns unhealthy as soon as the host begins to stop, before connections close.</summary>
internal sealed class ShutdownCheck(ShutdownState state) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(state.IsStopping
            ? HealthCheckResult.Unhealthy("shutting down")
            : HealthCheckResult.Healthy("accepting requests"));
}
