using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Glyphh.Auth;

/// <summary>Returned by <c>AddGlyphhAuth</c>: the service collection and the further set-up of Glyphh authentication.</summary>
public interface IGlyphhAuthBuilder
{
    /// <summary>Gets the service collection the authentication services were added to.</summary>
    IServiceCollection Services { get; }

    /// <summary>
    /// Adds the named rate-limit policies to the ASP.NET Core rate limiter (add <c>app.UseRateLimiter()</c> after
    /// <c>UseAuthentication()</c>). When the builder came from a configuration section, its <c>RateLimits</c> child is bound.
    /// </summary>
    /// <returns>This builder.</returns>
    IGlyphhAuthBuilder AddRateLimiting();

    /// <summary>Adds the rate-limit policies (as <see cref="AddRateLimiting()"/>), then applies <paramref name="configure"/>.</summary>
    /// <param name="configure">Sets the policies, e.g. <c>o =&gt; o.Policies["api"] = new() { PermitLimit = 100, Window = TimeSpan.FromSeconds(1) }</c>.</param>
    /// <returns>This builder.</returns>
    IGlyphhAuthBuilder AddRateLimiting(Action<GlyphhRateLimitOptions> configure);

    /// <summary>Adds the rate-limit policies bound from <paramref name="section"/> (for example <c>Glyphh:Auth:RateLimits</c>).</summary>
    /// <param name="section">The section holding <see cref="GlyphhRateLimitOptions"/>.</param>
    /// <returns>This builder.</returns>
    IGlyphhAuthBuilder AddRateLimiting(IConfigurationSection section);
}
