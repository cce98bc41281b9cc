using Glyphh.Auth;
using Glyphh.Auth.Authorization.Internal;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Endpoint conventions for namespace permissions, platform admins, IP allowlists and rate limits.</summary>
public static class GlyphhAuthEndpointConventionBuilderExtensions
{
    /// <summary>
    /// Requires <paramref name="permission"/> on the namespace named by a route value: <paramref name="routeValue"/> when given,
    /// otherwise <see cref="GlyphhAuthOptions.NamespaceRouteValue"/> (<c>namespace</c> by default). Unauthenticated: 401; lacking: 403 naming both.
    /// </summary>
    /// <typeparam name="TBuilder">The endpoint or group builder.</typeparam>
    /// <param name="builder">The builder.</param>
    /// <param name="permission">The permission needed.</param>
    /// <param name="routeValue">The route value naming the namespace, e.g. <c>model</c> for <c>/models/{model}</c>.</param>
    /// <returns><paramref name="builder"/>.</returns>
    public static TBuilder RequireNamespacePermission<TBuilder>(this TBuilder builder, NamespacePermission permission, string? routeValue = null)
        where TBuilder : IEndpointConventionBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.RequireAuthorization(Policies.Namespace(permission, routeValue));
    }

    /// <summary>Requires a platform admin (<c>admin</c> on <c>*</c>; in auth mode none every request is one).</summary>
    /// <typeparam name="TBuilder">The endpoint or group builder.</typeparam>
    /// <param name="builder">The builder.</param>
    /// <returns><paramref name="builder"/>.</returns>
    public static TBuilder RequirePlatformAdmin<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.RequireAuthorization(Policies.PlatformAdmin);
    }

    /// <summary>
    /// Requires the client address to be in the IP allowlist <paramref name="allowlist"/> (a key of
    /// <see cref="GlyphhAuthOptions.IpAllowlists"/>); others get 403 <c>forbidden</c> with <c>reason: ip-not-allowed</c>,
    /// authenticated or not. An allowlist that is not configured refuses every request.
    /// </summary>
    /// <typeparam name="TBuilder">The endpoint or group builder.</typeparam>
    /// <param name="builder">The builder.</param>
    /// <param name="allowlist">The allowlist name.</param>
    /// <returns><paramref name="builder"/>.</returns>
    public static TBuilder RequireIpAllowlist<TBuilder>(this TBuilder builder, string allowlist)
        where TBuilder : IEndpointConventionBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrEmpty(allowlist);
        return builder.RequireAuthorization(Policies.IpAllowlist(allowlist));
    }

    /// <summary>
    /// Applies the Glyphh rate-limit policy <paramref name="policy"/> (a key of <see cref="GlyphhRateLimitOptions.Policies"/>);
    /// the same as <c>RequireRateLimiting(policy)</c>. Needs <c>AddGlyphhAuth(...).AddRateLimiting()</c> and <c>app.UseRateLimiter()</c>.
    /// </summary>
    /// <typeparam name="TBuilder">The endpoint or group builder.</typeparam>
    /// <param name="builder">The builder.</param>
    /// <param name="policy">The policy name.</param>
    /// <returns><paramref name="builder"/>.</returns>
    public static TBuilder RequireGlyphhRateLimit<TBuilder>(this TBuilder builder, string policy = GlyphhRateLimitOptions.DefaultPolicyName)
        where TBuilder : IEndpointConventionBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrEmpty(policy);
        return builder.RequireRateLimiting(policy);
    }
}
