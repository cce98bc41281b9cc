using Glyphh.Health;
using Glyphh.Health.Prometheus.Internal;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using OpenTelemetry.Metrics;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Adds Prometheus exposition to Glyphh.Health.</summary>
public static class GlyphhHealthPrometheusBuilderExtensions
{
    /// <summary>Meters always exported.</summary>
    private static readonly string[] BuiltInMeters =
    [
        "Microsoft.AspNetCore.Hosting",
        "Microsoft.AspNetCore.Server.Kestrel",
        "System.Runtime",
        "Glyphh.*",
    ];

    /// <summary>
    /// Adds the OpenTelemetry metrics pipeline with the Prometheus exporter, so <c>MapGlyphhHealth()</c> also maps
    /// <see cref="GlyphhHealthOptions.MetricsPath"/> (default <c>/metrics</c>). Exports ASP.NET Core's hosting and Kestrel
    /// meters, <c>System.Runtime</c>, every <c>Glyphh.*</c> meter and <see cref="GlyphhHealthOptions.AdditionalMeters"/>.
    /// Safe to call more than once.
    /// </summary>
    /// <param name="builder">The builder <c>AddGlyphhHealth</c> returned.</param>
    /// <returns><paramref name="builder"/>.</returns>
    public static IGlyphhHealthBuilder AddPrometheusExporter(this IGlyphhHealthBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        if (services.Any(static d => d.ServiceType == typeof(GlyphhHealthMetricsEndpoint)))
        {
            return builder;
        }

        services.TryAddSingleton<GlyphhHealthMetricsEndpoint, PrometheusMetricsEndpoint>();
        services.AddOpenTelemetry().WithMetrics(metrics => metrics
            .AddMeter(BuiltInMeters)
            .AddView(PrometheusLintViews.Rename)
            .AddPrometheusExporter());
        services.ConfigureOpenTelemetryMeterProvider(static (provider, metrics) =>
        {
            foreach (var meter in provider.GetRequiredService<IOptions<GlyphhHealthOptions>>().Value.AdditionalMeters)
            {
                metrics.AddMeter(meter);
            }
        });
        return builder;
    }
}
