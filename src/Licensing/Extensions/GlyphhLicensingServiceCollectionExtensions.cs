using Glyphh.Licensing;
using Glyphh.Licensing.Internal;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers Glyphh licensing.</summary>
public static class GlyphhLicensingServiceCollectionExtensions
{
    /// <summary>Registers licensing with default options (local mode unless configured elsewhere).</summary>
    /// <param name="services">The services.</param>
    /// <returns>A builder for further configuration.</returns>
    public static IGlyphhLicensingBuilder AddGlyphhLicensing(this IServiceCollection services) => AddCore(services);

    /// <summary>Registers licensing configured by code.</summary>
    /// <param name="services">The services.</param>
    /// <param name="configure">Configures the options.</param>
    /// <returns>A builder for further configuration.</returns>
    public static IGlyphhLicensingBuilder AddGlyphhLicensing(this IServiceCollection services, Action<GlyphhLicensingOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        var builder = AddCore(services);
        services.Configure(configure);
        return builder;
    }

    /// <summary>
    /// Registers licensing bound from configuration: the contract variables (<c>DEPLOYMENT_MODE</c>,
    /// <c>LICENSE_KEY</c>, <c>LICENSE_FILE</c>, <c>LICENSE_SERVER_URL</c>, <c>LICENSE_ROOT_CERT</c>,
    /// <c>GLYPHH_DATA_DIR</c>, <c>GLYPHH_MACHINE_ID</c>) and the <c>Glyphh:Licensing</c> section, which wins.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="configuration">The root configuration (or a section holding the keys directly).</param>
    /// <returns>A builder for further configuration.</returns>
    public static IGlyphhLicensingBuilder AddGlyphhLicensing(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var builder = AddCore(services);
        services.Configure<GlyphhLicensingOptions>(o => LicensingConfigurationReader.Apply(configuration, o));
        return builder;
    }

    private static GlyphhLicensingBuilder AddCore(IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        var first = !services.Any(d => d.ServiceType == typeof(LicensingMarker));
        services.TryAddSingleton(TimeProvider.System);
        services.AddMetrics();
        services.AddOptionsWithValidateOnStart<GlyphhLicensingOptions>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<GlyphhLicensingOptions>, GlyphhLicensingOptionsAttributeValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<GlyphhLicensingOptions>, GlyphhLicensingOptionsRulesValidator>());
        services.TryAddSingleton<LicenseStateHolder>();
        services.TryAddSingleton<ILicenseState>(sp => sp.GetRequiredService<LicenseStateHolder>());
        services.TryAddSingleton<ILicenseStateStore, FileLicenseStateStore>();
        services.TryAddSingleton<MachineIdentity>();
        services.TryAddSingleton<LicensingMetrics>();
        services.TryAddSingleton<LicenseValidationClient>();
        services.TryAddSingleton<LicenseRuntime>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, LicensingHostedService>());
        var http = services.AddHttpClient(LicenseValidationClient.HttpClientName);
        if (first)
        {
            services.AddSingleton<LicensingMarker>();
            http.AddStandardResilienceHandler();
        }

        return new GlyphhLicensingBuilder(services, http);
    }

    private sealed class LicensingMarker;

    private sealed class GlyphhLicensingBuilder(IServiceCollection services, IHttpClientBuilder httpClient) : IGlyphhLicensingBuilder
    {
        public IServiceCollection Services { get; } = services;

        public IHttpClientBuilder HttpClient { get; } = httpClient;
    }
}
