using Glyphh.Auth.Authentication.Internal;
using Glyphh.Auth.Authorization.Internal;
using Microsoft.AspNetCore.Http;

namespace Microsoft.AspNetCore.Builder;

/// <summary>
/// <c>UseAuthentication()</c> and <c>UseAuthorization()</c> with a fast lane for Glyphh's common case: each adds the
/// framework's middleware as it is, preceded by a check that answers a request the way that middleware would when the
/// answer is known without it (a cached bearer token; an endpoint whose Glyphh requirements the token's grants meet).
/// </summary>
public static class GlyphhAuthApplicationBuilderExtensions
{
    /// <summary>
    /// Adds ASP.NET Core's authentication middleware (<c>UseAuthentication()</c>), in front of which a request whose
    /// default scheme is Glyphh and whose bearer token was validated before gets its user and authentication features
    /// directly. Every other request, and every request while ASP.NET Core's authentication metrics are listened to,
    /// goes through the framework's middleware. Use it where <c>UseAuthentication()</c> would go.
    /// </summary>
    /// <param name="app">The application builder.</param>
    /// <returns><paramref name="app"/>.</returns>
    /// <exception cref="InvalidOperationException">When the pipeline is built without <c>AddGlyphhAuth</c>'s services.</exception>
    public static IApplicationBuilder UseGlyphhAuthentication(this IApplicationBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        return Around(app, static a => a.UseAuthentication(), static (services, framework, after) => new GlyphhAuthenticationLane(services, framework, after).InvokeAsync);
    }

    /// <summary>
    /// Adds ASP.NET Core's authorization middleware (<c>UseAuthorization()</c>), in front of which a request with a
    /// cached Glyphh token to an endpoint whose policy is only Glyphh requirements (<c>RequireNamespacePermission</c>,
    /// <c>RequirePlatformAdmin</c>) that the token's grants meet is passed on directly. Every other request (a denial,
    /// another policy or scheme, debug logging of authorization decisions, a listener on ASP.NET Core's authorization
    /// metrics) goes through the framework's middleware. Use it where <c>UseAuthorization()</c> would go.
    /// </summary>
    /// <param name="app">The application builder.</param>
    /// <returns><paramref name="app"/>.</returns>
    /// <exception cref="InvalidOperationException">When the pipeline is built without <c>AddGlyphhAuth</c>'s services.</exception>
    public static IApplicationBuilder UseGlyphhAuthorization(this IApplicationBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        return Around(app, static a => a.UseAuthorization(), static (services, framework, after) => new GlyphhAuthorizationLane(services, framework, after).InvokeAsync);
    }

    /// <summary>
    /// Adds <paramref name="framework"/>'s middleware to <paramref name="app"/> itself (so the host sees it added, as
    /// with the plain call) and a lane before it that may jump to what follows it.
    /// </summary>
    private static IApplicationBuilder Around(
        IApplicationBuilder app,
        Action<IApplicationBuilder> framework,
        Func<IServiceProvider, RequestDelegate, RequestDelegate, RequestDelegate> lane)
    {
        RequestDelegate? after = null;
        // Built last to first: the marker after the framework's middleware runs first and keeps the rest of the
        // pipeline (adding no step of its own); the lane, built after the framework's middleware, gets both.
        app.Use(next => lane(app.ApplicationServices, next, after ?? next));
        framework(app);
        app.Use(next => after = next);
        return app;
    }
}
