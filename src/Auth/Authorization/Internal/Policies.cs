using Microsoft.AspNetCore.Authorization;

namespace Glyphh.Auth.Authorization.Internal;

/// <summary>Builds the Glyphh authorization policies (all on the <c>Glyphh</c> scheme).</summary>
internal static class Policies
{
    public static AuthorizationPolicy PlatformAdmin { get; } = new AuthorizationPolicyBuilder(GlyphhAuthDefaults.AuthenticationScheme)
        .RequireAuthenticatedUser()
        .AddRequirements(PlatformAdminRequirement.Instance)
        .Build();

    public static AuthorizationPolicy Namespace(NamespacePermission permission, string? routeValue) =>
        new AuthorizationPolicyBuilder(GlyphhAuthDefaults.AuthenticationScheme)
            .RequireAuthenticatedUser()
            .AddRequirements(new NamespacePermissionRequirement(permission, routeValue))
            .Build();

    // No scheme or authenticated-user requirement: an allowlist also guards public endpoints.
    public static AuthorizationPolicy IpAllowlist(string allowlist) =>
        new AuthorizationPolicyBuilder().AddRequirements(new IpAllowlistRequirement(allowlist)).Build();
}
