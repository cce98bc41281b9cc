using System.Globalization;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace Glyphh.Health.Internal.Checks;

/// <summary>The process working set as a share of its memory limit.</summary>
internal sealed class MemoryHealthCheck(IOptionsMonitor<MemoryCheckOptions> options, MemoryLimit limit, Func<long> workingSet) : IHealthCheck
{
    public MemoryHealthCheck(IOptionsMonitor<MemoryCheckOptions> options)
        : this(options, MemoryLimit.System, static () => Environment.WorkingSet)
    {
    }

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var settings = options.Get(context.Registration.Name);
        var used = workingSet();
        var (bytes, source) = limit.Read();
        var percent = bytes > 0 ? 100.0 * used / bytes : 100.0;
        var status = percent >= settings.UnhealthyAtPercent
            ? context.Registration.FailureStatus
            : percent >= settings.DegradedAtPercent ? HealthStatus.Degraded : HealthStatus.Healthy;
        var description = string.Create(CultureInfo.InvariantCulture,
            $"working set {ByteSize.Format(used)} is {percent:0.0}% of {ByteSize.Format(bytes)} ({source})");
        var data = new Dictionary<string, object> { ["working_set_bytes"] = used, ["limit_bytes"] = bytes };
        return Task.FromResult(new HealthCheckResult(status, description, data: data));
    }
}
