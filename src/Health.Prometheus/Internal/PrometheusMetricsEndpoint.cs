using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Glyphh.Health.Prometheus.Internal;

/// <summary>The Prometheus scraping endpoint, mapped by <c>MapGlyphhHealth</c> among the probes.</summary>
internal sealed class PrometheusMetricsEndpoint : GlyphhHealthMetricsEndpoint
{
    public override IEndpointConventionBuilder Map(IEndpointRouteBuilder endpoints, string path, Func<HttpContext, Task> beforeScrape) =>
        endpoints.MapPrometheusScrapingEndpoint(path, meterProvider: null, configureBranchedPipeline: pipeline => pipeline.Use(async (context, next) =>
        {
            await beforeScrape(context).ConfigureAwait(false);
            await next(context).ConfigureAwait(false);
        }), optionsName: null);
}
