using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Glyphh.Health;

/// <summary>
/// Maps the metrics endpoint (<see cref="GlyphhHealthOptions.MetricsPath"/>) among the probes of <c>MapGlyphhHealth</c>.
/// An exporter package registers one (Glyphh.Health.Prometheus does, with <c>AddPrometheusExporter()</c>); without one,
/// no metrics endpoint is mapped and the core package depends on no exporter.
/// </summary>
public abstract class GlyphhHealthMetricsEndpoint
{
    /// <summary>Maps the endpoint.</summary>
    /// <param name="endpoints">The group of the probe endpoints; its conventions (anonymous, rate limiting) apply.</param>
    /// <param name="path">The metrics path from the options.</param>
    /// <param name="beforeScrape">Refreshes the readiness results the health gauges report; await it before exporting.</param>
    /// <returns>The endpoint's convention builder.</returns>
    public abstract IEndpointConventionBuilder Map(IEndpointRouteBuilder endpoints, string path, Func<HttpContext, Task> beforeScrape);
}
