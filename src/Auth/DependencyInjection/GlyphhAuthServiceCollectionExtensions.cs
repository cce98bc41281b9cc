using Glyphh.Auth;
using Glyphh.Auth.Authentication.Internal;
using Glyphh.Auth.Authorization.Internal;
using Glyphh.Auth.DependencyInjection.Internal;
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
    /// <summary>Adds Glyphh authentication and authorization with default options (configure them later with <c>Configure&lt;GlyphhAuthOptions&gt;</c>).</summary>
    /// <param name="services">The service collection.</param>
    /// <returns>A builder for further set-up (rate limits).</returns>
    public static IGlyphhAuthBuilder AddGlyphhAuth(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        AddCore(services);
        return new GlyphhAuthBuilder(services, section: null);
    }

    /// <summary>Adds Glyphh authentication and authorization, configured by <paramref name="configure"/>.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Sets the options, e.g. <c>o =&gt; o.Jwt.Issuer = "https://issuer.example"</c>.</param>
    /// <returns>A builder for further set-up (rate limits).</returns>
    public static IGlyphhAuthBuilder AddGlyphhAuth(this IServiceCollection services, Action<GlyphhAuthOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        AddCore(services);
        services.Configure(configure);
        return new GlyphhAuthBuilder(services, section: null);
    }

    /// <summary>
    /// Adds Glyphh authentication and authorization bound from <paramref name="section"/> (normally
    /// <c>builder.Configuration.GetSection(GlyphhAuthOptions.SectionName)</c>); every documented key of the section is read,
    /// including the variables mapped by <c>AddGlyphhAuthEnvironmentVariables()</c>.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="section">The section to bind <see cref="GlyphhAuthOptions"/> from; not the configuration root.</param>
    /// <returns>A builder for further set-up; its <c>AddRateLimiting()</c> binds the section's <c>RateLimits</c> child.</returns>
    public static IGlyphhAuthBuilder AddGlyphhAuth(this IServiceCollection services, IConfigurationSection section)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(section);
        AddCore(services);
        services.AddOptions<GlyphhAuthOptions>().Bind(section);
        return new GlyphhAuthBuilder(services, section);
    }

    private static void AddCore(IServiceCollection services)
    {
        services.AddOptionsWithValidateOnStart<GlyphhAuthOptions>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<GlyphhAuthOptions>, GlyphhAuthOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<GlyphhAuthOptions>, GlyphhAuthOptionsRules>());
        services.TryAddSingleton(TimeProvider.System);
        // Failures are written through IProblemDetailsService so the host's CustomizeProblemDetails applies to them.
        services.AddProblemDetails();
        services.AddMetrics();
        services.TryAddSingleton<AuthMetrics>();
        services.TryAddSingleton<FrameworkMetrics>();
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
            services.AddAuthentication(GlyphhAuthDefaults.AuthenticationScheme);
            services.Configure<AuthenticationOptions>(o => o.AddScheme<GlyphhAuthenticationHandler>(GlyphhAuthDefaults.AuthenticationScheme, displayName: "Glyphh"));
            services.TryAddSingleton<GlyphhAuthenticator>();
            // Made by DI per request (the handler provider asks the request's services first): one small object.
            services.TryAddTransient<GlyphhAuthenticationHandler>();
        }

        ReplaceFrameworkAuthenticationServices(services);
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
    }

    /// <summary>
    /// Swaps the framework's scheme provider for one that keeps its answers' tasks, its handler provider for one without
    /// a dictionary for a request's first scheme, and its no-op claims transformation for one without a task per
    /// request; a host's own registrations (any other implementation) are left alone.
    /// </summary>
    private static void ReplaceFrameworkAuthenticationServices(IServiceCollection services)
    {
        for (var i = 0; i < services.Count; i++)
        {
            var descriptor = services[i];
            if (descriptor.IsKeyedService)
            {
                continue;
            }

            if (descriptor.ServiceType == typeof(IAuthenticationSchemeProvider) && descriptor.ImplementationType == typeof(AuthenticationSchemeProvider))
            {
                services[i] = ServiceDescriptor.Singleton<IAuthenticationSchemeProvider>(sp =>
                    new CachingSchemeProvider(ActivatorUtilities.CreateInstance<AuthenticationSchemeProvider>(sp)));
            }
            else if (descriptor.ServiceType == typeof(IAuthenticationHandlerProvider) && descriptor.ImplementationType == typeof(AuthenticationHandlerProvider))
            {
                services[i] = ServiceDescriptor.Scoped<IAuthenticationHandlerProvider, GlyphhHandlerProvider>();
            }
            else if (descriptor.ServiceType == typeof(IClaimsTransformation) && descriptor.ImplementationType == typeof(NoopClaimsTransformation))
            {
                services[i] = ServiceDescriptor.Singleton<IClaimsTransformation, GlyphhClaimsTransformation>();
            }
        }
    }

    /// <summary>Marks that the scheme is registered, so a second call does not add it twice.</summary>
    private sealed class GlyphhAuthMarker;
}
