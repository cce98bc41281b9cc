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
    /// and, when an exporter package registered a <see cref="GlyphhHealthMetricsEndpoint"/>, the metrics endpoint
    /// (<see cref="GlyphhHealthOptions.MetricsPath"/>). Readiness takes <c>?tag=</c> (repeatable) to report only the checks
    /// registered with one of the tags; an unknown tag is a 400.
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

        var selection = new ReadinessSelection(runner.Tags, options.ReadinessTags);
        RequestDelegate readiness = async context =>
        {
            if (!selection.TrySelect(context.Request.Query["tag"], out var keys, out var unknown))
            {
                await Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Unknown tag",
                    detail: $"No readiness check has the tag '{unknown}'.").ExecuteAsync(context).ConfigureAwait(false);
                return;
            }

            var report = await runner.GetReportAsync().WaitAsync(context.RequestAborted).ConfigureAwait(false);
            await ProbeResponses.WriteReadinessAsync(context, keys is null ? report : report.Only(keys), identity).ConfigureAwait(false);
        };
        group.MapGet(options.ReadinessPath, readiness).WithDisplayName("Glyphh readiness");
        if (!string.IsNullOrEmpty(options.ReadinessAliasPath))
        {
            group.MapGet(options.ReadinessAliasPath, readiness).WithDisplayName("Glyphh readiness (alias)");
        }

        if (!string.IsNullOrEmpty(options.MetricsPath) && services.GetService<GlyphhHealthMetricsEndpoint>() is { } metrics)
        {
            // The health gauges read the latest (cached) readiness results, so the exporter refreshes them before a scrape.
            metrics.Map(group, options.MetricsPath, context => runner.GetReportAsync().WaitAsync(context.RequestAborted))
                .WithDisplayName("Glyphh metrics");
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
