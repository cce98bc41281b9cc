using Glyphh.Auth.Diagnostics.Internal;
using Glyphh.Auth.Network.Internal;
using Glyphh.Auth.Options.Internal;
using Glyphh.Auth.RateLimiting.Internal;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Glyphh.Auth.DependencyInjection.Internal;

/// <summary>The builder <c>AddGlyphhAuth</c> returns; remembers the section it was bound from so rate limits read its child.</summary>
internal sealed class GlyphhAuthBuilder(IServiceCollection services, IConfigurationSection? section) : IGlyphhAuthBuilder
{
    public IServiceCollection Services { get; } = services;

    public IGlyphhAuthBuilder AddRateLimiting()
    {
        AddRateLimitingCore();
        if (section is not null)
        {
            Services.AddOptions<GlyphhRateLimitOptions>().Bind(section.GetSection(GlyphhRateLimitOptions.ChildSectionName));
        }

        return this;
    }

    public IGlyphhAuthBuilder AddRateLimiting(Action<GlyphhRateLimitOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        AddRateLimiting();
        Services.Configure(configure);
        return this;
    }

    public IGlyphhAuthBuilder AddRateLimiting(IConfigurationSection section)
    {
        ArgumentNullException.ThrowIfNull(section);
        AddRateLimitingCore();
        Services.AddOptions<GlyphhRateLimitOptions>().Bind(section);
        return this;
    }

    private void AddRateLimitingCore()
    {
        var services = Services;
        services.AddOptionsWithValidateOnStart<GlyphhRateLimitOptions>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<GlyphhRateLimitOptions>, GlyphhRateLimitOptionsRules>());
        services.AddMetrics();
        services.TryAddSingleton<AuthMetrics>();
        services.TryAddSingleton<ClientAddressResolver>();
        services.AddRateLimiter(_ => { });
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IConfigureOptions<RateLimiterOptions>, ConfigureGlyphhRateLimiter>());
    }
}
