using Glyphh.Health;
using Glyphh.Health.Internal.Diagnostics;
using Glyphh.Health.Internal.Endpoints;
using Glyphh.Health.Internal.Options;
using Glyphh.Health.Internal.Readiness;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using OpenTelemetry.Metrics;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the Glyphh health endpoints' services.</summary>
public static class GlyphhHealthServiceCollectionExtensions
{
    /// <summary>Meters always exported on the metrics endpoint.</summary>
    private static readonly string[] BuiltInMeters =
    [
        "Microsoft.AspNetCore.Hosting",
        "Microsoft.AspNetCore.Server.Kestrel",
        "System.Runtime",
        "Glyphh.*",
    ];

    /// <summary>
    /// Adds the readiness runner, the probe services and the Prometheus exporter, with default options.
    /// Safe to call more than once.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <returns>The health checks builder, to add checks with <c>AddGlyphh*Check</c> or any <c>AddCheck</c>.</returns>
    public static IHealthChecksBuilder AddGlyphhHealth(this IServiceCollection services) =>
        services.AddGlyphhHealth(static _ => { });

    /// <summary>Adds the Glyphh health services and configures their options. Safe to call more than once.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Changes to the options.</param>
    /// <returns>The health checks builder.</returns>
    public static IHealthChecksBuilder AddGlyphhHealth(this IServiceCollection services, Action<GlyphhHealthOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        var builder = AddCore(services);
        services.Configure(configure);
        return builder;
    }

    /// <summary>Adds the Glyphh health services with options bound from a configuration section. Safe to call more than once.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configuration">The section holding the options, e.g. <c>Glyphh:Health</c>.</param>
    /// <returns>The health checks builder.</returns>
    public static IHealthChecksBuilder AddGlyphhHealth(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        var builder = AddCore(services);
        services.AddOptions<GlyphhHealthOptions>().Bind(configuration);
        return builder;
    }

    private static IHealthChecksBuilder AddCore(IServiceCollection services)
    {
        var builder = services.AddHealthChecks();
        if (services.Any(static d => d.ServiceType == typeof(ReadinessRunner)))
        {
            return builder;
        }

        services.AddOptionsWithValidateOnStart<GlyphhHealthOptions>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<GlyphhHealthOptions>, GlyphhHealthOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<GlyphhHealthOptions>, GlyphhHealthOptionsRules>());
        services.TryAddSingleton(TimeProvider.System);
        services.AddMetrics();
        services.TryAddSingleton<HealthMetrics>();
        services.TryAddSingleton<ServiceIdentity>();
        services.TryAddSingleton<ReadinessRunner>();

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
