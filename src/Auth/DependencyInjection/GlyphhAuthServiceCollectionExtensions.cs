using Glyphh.Auth;
using Glyphh.Auth.Authentication.Internal;
using Glyphh.Auth.Authorization.Internal;
using Glyphh.Auth.Diagnostics.Internal;
using Glyphh.Auth.Network.Internal;
using Glyphh.Auth.Options.Internal;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Polly;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers Glyphh authentication (the <c>Glyphh</c> scheme) and namespace authorization policies.</summary>
public static class GlyphhAuthServiceCollectionExtensions
{
    /// <summary>Adds Glyphh authentication and authorization with options from <c>Glyphh:Auth</c> (or defaults).</summary>
    /// <param name="services">The service collection.</param>
    /// <returns><paramref name="services"/>.</returns>
    public static IServiceCollection AddGlyphhAuth(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        return AddCore(services);
    }

    /// <summary>Adds Glyphh authentication and authorization, configured by <paramref name="configure"/>.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Sets the options, e.g. <c>o =&gt; o.BindEnvironmentVariables(builder.Configuration)</c>.</param>
    /// <returns><paramref name="services"/>.</returns>
    public static IServiceCollection AddGlyphhAuth(this IServiceCollection services, Action<GlyphhAuthOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        services.Configure(configure);
        return AddCore(services);
    }

    /// <summary>Adds Glyphh authentication and authorization bound from a configuration section (e.g. <c>Glyphh:Auth</c>).</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configuration">The section to bind <see cref="GlyphhAuthOptions"/> from.</param>
    /// <returns><paramref name="services"/>.</returns>
    public static IServiceCollection AddGlyphhAuth(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.Configure<GlyphhAuthOptions>(configuration);
        return AddCore(services);
    }

    private static IServiceCollection AddCore(IServiceCollection services)
    {
        services.AddOptionsWithValidateOnStart<GlyphhAuthOptions>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<GlyphhAuthOptions>, GlyphhAuthOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<GlyphhAuthOptions>, GlyphhAuthOptionsRules>());
        services.TryAddSingleton(TimeProvider.System);
        services.AddMetrics();
        services.TryAddSingleton<AuthMetrics>();
        services.TryAddSingleton<SigningKeys>();
        services.TryAddSingleton<JwksRefresher>();
        services.TryAddSingleton<JwtValidator>();
        services.TryAddSingleton<ApiKeyValidator>();
        services.TryAddSingleton<ClientAddressResolver>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, AuthBackgroundService>());

        if (!services.Any(d => d.ServiceType == typeof(GlyphhAuthMarker)))
        {
            services.AddSingleton<GlyphhAuthMarker>();

            // A hanging JWKS endpoint must not hold requests that wait on an unknown-kid refresh; no retries here
            // because the background refresh and the next unknown kid try again.
            services.AddHttpClient(JwksRefresher.HttpClientName)
                .AddResilienceHandler("glyphh-jwks", pipeline => pipeline.AddTimeout(TimeSpan.FromSeconds(10)));
            services.AddAuthentication(GlyphhAuthDefaults.AuthenticationScheme)
                .AddScheme<AuthenticationSchemeOptions, GlyphhAuthenticationHandler>(GlyphhAuthDefaults.AuthenticationScheme, displayName: "Glyphh", _ => { });
        }

        services.AddAuthorization();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IConfigureOptions<AuthorizationOptions>, ConfigureGlyphhPolicies>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IAuthorizationHandler, GlyphhAuthorizationHandler>());
        services.Replace(ServiceDescriptor.Singleton<IAuthorizationMiddlewareResultHandler, GlyphhAuthorizationResultHandler>());
        // Only the stock evaluator is swapped (it falls back to it); a host's own evaluator stays.
        for (var i = services.Count - 1; i >= 0; i--)
        {
            if (services[i].ServiceType == typeof(IPolicyEvaluator) && services[i].ImplementationType == typeof(PolicyEvaluator))
            {
                services.RemoveAt(i);
            }
        }

        services.TryAddSingleton<IPolicyEvaluator, GlyphhPolicyEvaluator>();
        return services;
    }

    /// <summary>Marks that the scheme is registered, so a second call does not add it twice.</summary>
    private sealed class GlyphhAuthMarker;
}
