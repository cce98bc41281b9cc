using Glyphh.Health;
using Glyphh.Health.Internal.Endpoints;
using Glyphh.Health.Internal.Readiness;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Maps the Glyphh probe and metrics endpoints.</summary>
public static class GlyphhHealthEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Maps <c>GET</c> liveness (<see cref="GlyphhHealthOptions.LivenessPath"/>), readiness
    /// (<see cref="GlyphhHealthOptions.ReadinessPath"/> and <see cref="GlyphhHealthOptions.ReadinessAliasPath"/>)
    /// and the Prometheus scraping endpoint (<see cref="GlyphhHealthOptions.MetricsPath"/>).
    /// Requires <c>services.AddGlyphhHealth()</c>.
    /// </summary>
    /// <param name="endpoints">The application's endpoint route builder.</param>
    /// <returns>The group holding the endpoints, for further conventions such as <c>RequireHost</c>.</returns>
    public static RouteGroupBuilder MapGlyphhHealth(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var services = endpoints.ServiceProvider;
        var runner = services.GetService<ReadinessRunner>()
            ?? throw new InvalidOperationException("MapGlyphhHealth needs services.AddGlyphhHealth() in the service registrations.");
        var options = services.GetRequiredService<IOptions<GlyphhHealthOptions>>().Value;
        var identity = services.GetRequiredService<ServiceIdentity>();

        var group = endpoints.MapGroup(string.Empty);
        group.MapGet(options.LivenessPath, context => ProbeResponses.WriteLivenessAsync(context, identity))
            .WithDisplayName("Glyphh liveness");

        RequestDelegate readiness = async context =>
        {
            var report = await runner.GetReportAsync().WaitAsync(context.RequestAborted).ConfigureAwait(false);
            await ProbeResponses.WriteReadinessAsync(context, report, identity).ConfigureAwait(false);
        };
        group.MapGet(options.ReadinessPath, readiness).WithDisplayName("Glyphh readiness");
        if (!string.IsNullOrEmpty(options.ReadinessAliasPath))
        {
            group.MapGet(options.ReadinessAliasPath, readiness).WithDisplayName("Glyphh readiness (alias)");
        }

        if (!string.IsNullOrEmpty(options.MetricsPath))
        {
            // The health gauges read the latest (cached) readiness results, so refresh them before the scrape.
            group.MapPrometheusScrapingEndpoint(options.MetricsPath, meterProvider: null, configureBranchedPipeline: pipeline => pipeline.Use(async (context, next) =>
            {
                await runner.GetReportAsync().WaitAsync(context.RequestAborted).ConfigureAwait(false);
                await next(context).ConfigureAwait(false);
            }), optionsName: null).WithDisplayName("Glyphh metrics");
        }

        if (options.AllowAnonymous)
        {
            group.AllowAnonymous();
        }
        if (options.DisableRateLimiting)
        {
            group.DisableRateLimiting();
        }
        return group;
    }
}
