using Glyphh.Auth;
using Glyphh.Auth.Diagnostics.Internal;
using Glyphh.Auth.Network.Internal;
using Glyphh.Auth.Options.Internal;
using Glyphh.Auth.RateLimiting.Internal;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the Glyphh rate-limit policies with the ASP.NET Core rate limiter (add <c>app.UseRateLimiter()</c> after authentication).</summary>
public static class GlyphhRateLimitingServiceCollectionExtensions
{
    /// <summary>Adds the rate-limit policies from <c>Glyphh:RateLimits</c> or the defaults (<c>default</c>: 10 per minute).</summary>
    /// <param name="services">The service collection.</param>
    /// <returns><paramref name="services"/>.</returns>
    public static IServiceCollection AddGlyphhRateLimiting(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        return AddCore(services);
    }

    /// <summary>Adds the rate-limit policies configured by <paramref name="configure"/>.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Sets the policies, e.g. <c>o =&gt; o.Policies["api"] = new() { PermitLimit = 100, Window = TimeSpan.FromSeconds(1) }</c>.</param>
    /// <returns><paramref name="services"/>.</returns>
    public static IServiceCollection AddGlyphhRateLimiting(this IServiceCollection services, Action<GlyphhRateLimitOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        services.Configure(configure);
        return AddCore(services);
    }

    /// <summary>Adds the rate-limit policies bound from a configuration section (e.g. <c>Glyphh:RateLimits</c>).</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configuration">The section to bind <see cref="GlyphhRateLimitOptions"/> from.</param>
    /// <returns><paramref name="services"/>.</returns>
    public static IServiceCollection AddGlyphhRateLimiting(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.Configure<GlyphhRateLimitOptions>(configuration);
        return AddCore(services);
    }

    private static IServiceCollection AddCore(IServiceCollection services)
    {
        services.AddOptionsWithValidateOnStart<GlyphhRateLimitOptions>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<GlyphhRateLimitOptions>, GlyphhRateLimitOptionsRules>());
        services.AddMetrics();
        services.TryAddSingleton<AuthMetrics>();
        services.TryAddSingleton<ClientAddressResolver>();
        services.AddRateLimiter(_ => { });
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IConfigureOptions<RateLimiterOptions>, ConfigureGlyphhRateLimiter>());
        return services;
    }
}
