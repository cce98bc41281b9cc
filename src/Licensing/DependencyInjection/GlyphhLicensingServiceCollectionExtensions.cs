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
    /// <summary>Registers licensing with default options (local mode, nothing limited) unless configured elsewhere.</summary>
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
    /// Registers licensing bound from <paramref name="section"/> (normally
    /// <c>builder.Configuration.GetSection(GlyphhLicensingOptions.SectionName)</c>); every documented key of the
    /// section is read, including the variables mapped by <c>AddGlyphhLicensingEnvironmentVariables()</c>.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="section">The section to bind <see cref="GlyphhLicensingOptions"/> from; not the configuration root.</param>
    /// <returns>A builder for further configuration.</returns>
    public static IGlyphhLicensingBuilder AddGlyphhLicensing(this IServiceCollection services, IConfigurationSection section)
    {
        ArgumentNullException.ThrowIfNull(section);
        var builder = AddCore(services);
        services.Configure<GlyphhLicensingOptions>(o => LicensingSectionBinder.Bind(section, o));
        return builder;
    }

    private static GlyphhLicensingBuilder AddCore(IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        var first = !services.Any(d => d.ServiceType == typeof(LicensingMarker));
        services.TryAddSingleton(TimeProvider.System);
        services.AddMetrics();
        services.AddProblemDetails();
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
