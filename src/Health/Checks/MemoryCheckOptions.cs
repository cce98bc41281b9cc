using System.ComponentModel.DataAnnotations;

namespace Glyphh.Health;

/// <summary>
/// Options of the <c>memory</c> check: the process working set as a percentage of the container's cgroup memory
/// limit when there is one, else of the memory available to the process.
/// </summary>
public sealed class MemoryCheckOptions
{
    /// <summary>Percentage of the limit at or above which the check reports degraded.</summary>
    /// <value>Default 85. Above 0, at most 100, and at most <see cref="UnhealthyAtPercent"/>.</value>
    [Range(double.Epsilon, 100.0)]
    public double DegradedAtPercent { get; set; } = 85;

    /// <summary>Percentage of the limit at or above which the check reports unhealthy.</summary>
    /// <value>Default 95. Above 0 and at most 100.</value>
    [Range(double.Epsilon, 100.0)]
    public double UnhealthyAtPercent { get; set; } = 95;
}
