using System.ComponentModel.DataAnnotations;

namespace Glyphh.Health;

/// <summary>Options of the Glyphh health endpoints and of the readiness runner.</summary>
/// <remarks>Bound from the configuration section given to <c>AddGlyphhHealth</c> and validated at start-up.</remarks>
public sealed class GlyphhHealthOptions
{
    /// <summary>The configuration section these options are documented under: <c>Glyphh:Health</c>.</summary>
    public const string SectionName = "Glyphh:Health";

    /// <summary>Path of the liveness probe, which never runs a dependency check.</summary>
    /// <value>Default <c>/health</c>. Must start with <c>/</c>.</value>
    [Required]
    [RegularExpression("^/.*", ErrorMessage = "The path must start with '/'.")]
    public string LivenessPath { get; set; } = "/health";

    /// <summary>Path of the readiness probe.</summary>
    /// <value>Default <c>/health/ready</c>. Must start with <c>/</c>.</value>
    [Required]
    [RegularExpression("^/.*", ErrorMessage = "The path must start with '/'.")]
    public string ReadinessPath { get; set; } = "/health/ready";

    /// <summary>Second path answering exactly like <see cref="ReadinessPath"/>; empty to map none.</summary>
    /// <value>Default <c>/ready</c>. Empty or starting with <c>/</c>.</value>
    [RegularExpression("^(/.*)?$", ErrorMessage = "The path must be empty or start with '/'.")]
    public string? ReadinessAliasPath { get; set; } = "/ready";

    /// <summary>Path of the metrics endpoint, mapped by <c>MapGlyphhHealth</c> when an exporter package registered one (<c>AddPrometheusExporter()</c> of Glyphh.Health.Prometheus); empty to map none.</summary>
    /// <value>Default <c>/metrics</c>. Empty or starting with <c>/</c>.</value>
    [RegularExpression("^(/.*)?$", ErrorMessage = "The path must be empty or start with '/'.")]
    public string? MetricsPath { get; set; } = "/metrics";

    /// <summary>Time a check may take when its registration sets no timeout of its own; a later result is reported as failed with "timed out".</summary>
    /// <value>Default 5 seconds. Greater than zero.</value>
    public TimeSpan CheckTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Longest time a readiness run may take, whatever the checks' own timeouts and whether they honour cancellation.</summary>
    /// <value>Default 10 seconds. Greater than zero.</value>
    public TimeSpan Deadline { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long a readiness result is reused before the checks run again; zero still shares one run among concurrent probes.</summary>
    /// <value>Default 5 seconds. Zero or more.</value>
    public TimeSpan CacheDuration { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Version reported by the probes.</summary>
    /// <value>Default <see langword="null"/>: the entry assembly's informational version without build metadata (the part after '+').</value>
    public string? Version { get; set; }

    /// <summary>
    /// Tags that select the checks the readiness probe reports (a check counts when it has any of them); a request can
    /// narrow further with <c>?tag=</c>. Every check still runs in the shared, cached run.
    /// </summary>
    /// <value>Default empty: every check counts.</value>
    public IList<string> ReadinessTags { get; } = [];

    /// <summary>Whether the probe and metrics endpoints allow anonymous requests.</summary>
    /// <value>Default <see langword="true"/>.</value>
    public bool AllowAnonymous { get; set; } = true;

    /// <summary>Whether the probe and metrics endpoints are exempt from ASP.NET Core rate limiting.</summary>
    /// <value>Default <see langword="true"/>.</value>
    public bool DisableRateLimiting { get; set; } = true;

    /// <summary>Meters an exporter package exports besides the built-in ones; a trailing <c>*</c> matches a prefix.</summary>
    /// <value>Default empty. Always exported: <c>Microsoft.AspNetCore.Hosting</c>, <c>Microsoft.AspNetCore.Server.Kestrel</c>, <c>System.Runtime</c> and <c>Glyphh.*</c>.</value>
    /// <remarks>Read once, when the metrics pipeline is built.</remarks>
    public IList<string> AdditionalMeters { get; } = [];
}
