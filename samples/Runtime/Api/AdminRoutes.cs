using Glyphh.Auth;
using Glyphh.Runtime.Configuration;

namespace Glyphh.Runtime.Api;

/// <summary>
/// The sensitive routes (<c>PUT /namespaces/{namespace}/quotas</c>, <c>GET /license</c>, <c>DELETE /models/{model}</c>):
/// behind the admin IP allowlist when one is configured, and a stricter rate limit (10 requests a minute by default, RATE_LIMIT_ADMIN_PER_MINUTE).
/// </summary>
internal static class AdminRoutes
{
    public const string AllowlistName = "admin";

    public const string RateLimitPolicy = "admin";

    public const string GlobalRateLimitPolicy = "api";

    public static TBuilder AsAdminRoute<TBuilder>(this TBuilder builder, RuntimeSettings settings)
        where TBuilder : IEndpointConventionBuilder
    {
        if (settings.AdminIpAllowlist.Count > 0)
        {
            builder.RequireIpAllowlist(AllowlistName);
        }
        if (settings.AdminRateLimitPerMinute > 0)
        {
            builder.RequireGlyphhRateLimit(RateLimitPolicy);
        }
        return builder;
    }

    /// <summary>The Auth package's policies from the runtime's variables: per subject when authenticated, else per address.</summary>
    public static void ConfigureRateLimits(GlyphhRateLimitOptions options, RuntimeSettings settings)
    {
        if (settings.AdminRateLimitPerMinute > 0)
        {
            options.Policies[RateLimitPolicy] = new() { PermitLimit = settings.AdminRateLimitPerMinute, Window = TimeSpan.FromMinutes(1) };
        }
        if (settings.RateLimitRps > 0)
        {
            options.Policies[GlobalRateLimitPolicy] = new() { PermitLimit = settings.RateLimitRps, Window = TimeSpan.FromSeconds(1) };
            options.GlobalPolicy = GlobalRateLimitPolicy;
        }
    }
}
