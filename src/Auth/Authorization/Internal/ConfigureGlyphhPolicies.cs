using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;

namespace Glyphh.Auth.Authorization.Internal;

/// <summary>Registers the named policies of <see cref="GlyphhAuthPolicies"/>, one per configured IP allowlist too.</summary>
internal sealed class ConfigureGlyphhPolicies : IConfigureOptions<AuthorizationOptions>
{
    private readonly IOptions<GlyphhAuthOptions> _options;

    public ConfigureGlyphhPolicies(IOptions<GlyphhAuthOptions> options) => _options = options;

    public void Configure(AuthorizationOptions options)
    {
        foreach (var permission in Enum.GetValues<NamespacePermission>())
        {
            options.AddPolicy(GlyphhAuthPolicies.Namespace(permission), Policies.Namespace(permission, null));
        }

        options.AddPolicy(GlyphhAuthPolicies.PlatformAdmin, Policies.PlatformAdmin);
        foreach (var name in _options.Value.IpAllowlists.Keys)
        {
            options.AddPolicy(GlyphhAuthPolicies.IpAllowlist(name), Policies.IpAllowlist(name));
        }
    }
}
