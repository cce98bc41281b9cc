using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Glyphh.Health.Internal.Readiness;

/// <summary>The results of one readiness run; the overall status is the worst check's.</summary>
internal sealed class ReadinessReport
{
    public ReadinessReport(IReadOnlyList<CheckOutcome> checks)
    {
        Checks = checks;
        var status = HealthStatus.Healthy;
        foreach (var check in checks)
        {
            if (check.Status < status)
            {
                status = check.Status;
            }
        }
        Status = status;
    }

    public HealthStatus Status { get; }

    public IReadOnlyList<CheckOutcome> Checks { get; }

    /// <summary>The report of the checks in <paramref name="keys"/> only, its status the worst of theirs.</summary>
    public ReadinessReport Only(IReadOnlySet<string> keys) => new([.. Checks.Where(c => keys.Contains(c.Key))]);
}
