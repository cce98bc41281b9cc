using System.Data.Common;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Glyphh.Health.Internal.Checks;

/// <summary>Runs a query through an ADO.NET data source; slow answers are degraded, failures unhealthy.</summary>
internal sealed class DatabaseHealthCheck(DbDataSource dataSource, DatabaseCheckOptions options, TimeProvider time) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var start = time.GetTimestamp();
        var command = dataSource.CreateCommand(options.Query);
        await using (command.ConfigureAwait(false))
        {
            await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
        }
        var elapsed = time.GetElapsedTime(start);
        var milliseconds = (long)elapsed.TotalMilliseconds;
        return elapsed >= options.DegradedAfter
            ? HealthCheckResult.Degraded($"query answered in {milliseconds} ms (slow: at least {(long)options.DegradedAfter.TotalMilliseconds} ms)")
            : HealthCheckResult.Healthy($"query answered in {milliseconds} ms");
    }
}
