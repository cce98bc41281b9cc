using Glyphh.Quotas;
using Glyphh.Quotas.Internal;
using Glyphh.Quotas.Stores;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers <c>Glyphh.Quotas</c>.</summary>
public static class GlyphhQuotasServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="IQuotaService"/> with the in-memory store (replace it with <c>UsePostgreSql</c> for
    /// several replicas), options validated at start-up, the <c>Glyphh.Quotas</c> meter and activity source, the
    /// SDK's release retry queue, and an <see cref="IExceptionHandler"/> that turns a <see cref="QuotaException"/>
    /// into problem+json (through <c>IProblemDetailsService</c>) when the host calls <c>app.UseExceptionHandler()</c>.
    /// No resource is known until the host declares it with <c>AddResource</c>. Safe to call more than once.
    /// </summary>
    /// <param name="services">The service collection.</param>
    public static IGlyphhQuotasBuilder AddGlyphhQuotas(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptionsWithValidateOnStart<GlyphhQuotasOptions>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<GlyphhQuotasOptions>, GlyphhQuotasOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<GlyphhQuotasOptions>, QuotaDefaultLimitsValidator>());
        services.AddMetrics();
        services.AddLogging();
        services.AddProblemDetails();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IQuotaStore, InMemoryQuotaStore>();
        services.TryAddSingleton<QuotaMetrics>();
        services.TryAddSingleton<QuotaReleaseQueue>();
        services.TryAddSingleton<QuotaService>();
        services.TryAddSingleton<IQuotaService>(sp => sp.GetRequiredService<QuotaService>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IExceptionHandler, QuotaExceptionHandler>());
        return new GlyphhQuotasBuilder(services);
    }

    /// <summary>Registers the quotas and configures their options.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Changes the options.</param>
    public static IGlyphhQuotasBuilder AddGlyphhQuotas(this IServiceCollection services, Action<GlyphhQuotasOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        var builder = services.AddGlyphhQuotas();
        services.Configure(configure);
        return builder;
    }

    /// <summary>
    /// Registers the quotas and binds every documented key of <paramref name="section"/> (usually
    /// <c>Glyphh:Quotas</c>, <see cref="GlyphhQuotasOptions.SectionName"/>). A default limit of <c>unlimited</c> or an
    /// empty value means unlimited; a value that cannot be read stops start-up with a message naming the key.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="section">The section to bind (not the configuration root).</param>
    public static IGlyphhQuotasBuilder AddGlyphhQuotas(this IServiceCollection services, IConfigurationSection section)
    {
        ArgumentNullException.ThrowIfNull(section);
        var builder = services.AddGlyphhQuotas();
        services.Configure<GlyphhQuotasOptions>(options => QuotaOptionsBinder.Bind(section, options));
        return builder;
    }
}
