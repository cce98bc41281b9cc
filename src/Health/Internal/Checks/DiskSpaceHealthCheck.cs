using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace Glyphh.Health.Internal.Checks;

/// <summary>Free space of the file system holding the configured directory.</summary>
internal sealed class DiskSpaceHealthCheck(IOptionsMonitor<DiskSpaceCheckOptions> options) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var settings = options.Get(context.Registration.Name);
        if (!Directory.Exists(settings.Path))
        {
            return Task.FromResult(new HealthCheckResult(context.Registration.FailureStatus, $"directory {settings.Path} does not exist"));
        }

        // On Unix DriveInfo takes any path and asks statvfs about the file system that holds it.
        var drive = new DriveInfo(settings.Path);
        var free = drive.AvailableFreeSpace;
        var description = $"{ByteSize.Format(free)} free of {ByteSize.Format(drive.TotalSize)} at {settings.Path}";
        var data = new Dictionary<string, object> { ["free_bytes"] = free, ["total_bytes"] = drive.TotalSize };
        var status = free < settings.UnhealthyBelowBytes
            ? context.Registration.FailureStatus
            : free < settings.DegradedBelowBytes ? HealthStatus.Degraded : HealthStatus.Healthy;
        if (status != HealthStatus.Healthy)
        {
            var threshold = status == HealthStatus.Degraded ? settings.DegradedBelowBytes : settings.UnhealthyBelowBytes;
            description += $" (below {ByteSize.Format(threshold)})";
        }
        return Task.FromResult(new HealthCheckResult(status, description, data: data));
    }
}
