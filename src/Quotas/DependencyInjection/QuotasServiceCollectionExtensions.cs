using Glyphh.Quotas;
using Glyphh.Quotas.Internal;
using Glyphh.Quotas.Stores;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers <c>Glyphh.Quotas</c>.</summary>
public static class QuotasServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="IQuotaService"/> with the in-memory store (replace it with <c>UsePostgreSql</c> for
    /// several replicas), options validated at start-up, the <c>Glyphh.Quotas</c> meter, and an
    /// <see cref="IExceptionHandler"/> that turns a <see cref="QuotaException"/> into problem+json when the host
    /// calls <c>app.UseExceptionHandler()</c>. Safe to call more than once.
    /// </summary>
    /// <param name="services">The service collection.</param>
    public static IGlyphhQuotasBuilder AddGlyphhQuotas(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptionsWithValidateOnStart<QuotaOptions>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<QuotaOptions>, QuotaOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<QuotaOptions>, QuotaDefaultLimitsValidator>());
        services.AddMetrics();
        services.AddLogging();
        services.AddProblemDetails();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IQuotaStore, InMemoryQuotaStore>();
        services.TryAddSingleton<QuotaMetrics>();
        services.TryAddSingleton<QuotaService>();
        services.TryAddSingleton<IQuotaService>(sp => sp.GetRequiredService<QuotaService>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IExceptionHandler, QuotaExceptionHandler>());
        return new GlyphhQuotasBuilder(services);
    }

    /// <summary>Registers the quotas and configures their options.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Changes the options.</param>
    public static IGlyphhQuotasBuilder AddGlyphhQuotas(this IServiceCollection services, Action<QuotaOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        var builder = services.AddGlyphhQuotas();
        services.Configure(configure);
        return builder;
    }

    /// <summary>
    /// Registers the quotas and binds their options from a configuration section (usually <c>Glyphh:Quotas</c>).
    /// A default limit of <c>unlimited</c> or an empty value means unlimited; a value that is not a number stops
    /// start-up with a message naming the key.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configuration">The section to bind.</param>
    public static IGlyphhQuotasBuilder AddGlyphhQuotas(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var builder = services.AddGlyphhQuotas();
        services.Configure<QuotaOptions>(options => QuotaOptionsBinder.Bind(configuration, options));
        return builder;
    }
}
