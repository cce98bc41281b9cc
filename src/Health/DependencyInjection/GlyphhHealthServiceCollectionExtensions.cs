using Glyphh.Health;
using Glyphh.Health.Internal.Diagnostics;
using Glyphh.Health.Internal.Endpoints;
using Glyphh.Health.Internal.Options;
using Glyphh.Health.Internal.Readiness;
using Glyphh.Health.Internal.Registration;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the Glyphh health endpoints' services.</summary>
public static class GlyphhHealthServiceCollectionExtensions
{
    /// <summary>Adds the readiness runner and the probe services with default options. Safe to call more than once.</summary>
    /// <param name="services">The service collection.</param>
    /// <returns>The builder, to add checks with <c>AddGlyphh*Check</c> or any <c>AddCheck</c>, and companions such as the Prometheus exporter.</returns>
    public static IGlyphhHealthBuilder AddGlyphhHealth(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        return AddCore(services);
    }

    /// <summary>Adds the Glyphh health services and configures their options. Safe to call more than once.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Changes to the options.</param>
    /// <returns>The builder, to add checks.</returns>
    public static IGlyphhHealthBuilder AddGlyphhHealth(this IServiceCollection services, Action<GlyphhHealthOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        var builder = AddCore(services);
        services.Configure(configure);
        return builder;
    }

    /// <summary>
    /// Adds the Glyphh health services with every documented option bound from <paramref name="section"/> (normally
    /// <c>builder.Configuration.GetSection(GlyphhHealthOptions.SectionName)</c>). Safe to call more than once.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="section">The section holding the options; not the configuration root.</param>
    /// <returns>The builder, to add checks.</returns>
    public static IGlyphhHealthBuilder AddGlyphhHealth(this IServiceCollection services, IConfigurationSection section)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(section);
        var builder = AddCore(services);
        services.AddOptions<GlyphhHealthOptions>().Bind(section);
        return builder;
    }

    private static GlyphhHealthBuilder AddCore(IServiceCollection services)
    {
        var builder = new GlyphhHealthBuilder(services.AddHealthChecks());
        if (services.Any(static d => d.ServiceType == typeof(ReadinessRunner)))
        {
            return builder;
        }

        services.AddOptionsWithValidateOnStart<GlyphhHealthOptions>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<GlyphhHealthOptions>, GlyphhHealthOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<GlyphhHealthOptions>, GlyphhHealthOptionsRules>());
        services.AddOptions<HealthCheckServiceOptions>().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<HealthCheckServiceOptions>, UniqueCheckNames>());
        services.TryAddSingleton(TimeProvider.System);
        services.AddMetrics();
        services.TryAddSingleton<HealthMetrics>();
        services.TryAddSingleton<ServiceIdentity>();
        services.TryAddSingleton<ReadinessRunner>();
        return builder;
    }
}
