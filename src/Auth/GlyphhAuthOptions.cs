using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace Glyphh.Auth;

/// <summary>Options of Glyphh authentication and authorization, bound from <see cref="SectionName"/>.</summary>
public sealed class GlyphhAuthOptions
{
    /// <summary>The configuration section these options bind from: <c>Glyphh:Auth</c>.</summary>
    public const string SectionName = "Glyphh:Auth";

    /// <summary>Gets or sets how requests authenticate (<c>AUTH_MODE</c>).</summary>
    /// <value>Default <see cref="AuthMode.Jwt"/>; a host in the local deployment mode sets <see cref="AuthMode.None"/>.</value>
    public AuthMode Mode { get; set; } = AuthMode.Jwt;

    /// <summary>Gets or sets the JWT validation settings.</summary>
    /// <value>Default: HS256 only, no issuer or audience check, 30 seconds of clock skew.</value>
    [ValidateObjectMembers]
    public GlyphhJwtOptions Jwt { get; set; } = new();

    /// <summary>Gets or sets the accepted API keys, each configured by the SHA-256 hash of the key (never the key).</summary>
    /// <value>Default empty: no API key is accepted.</value>
    [ValidateEnumeratedItems]
    public IList<GlyphhApiKeyOptions> ApiKeys { get; set; } = [];

    /// <summary>Gets or sets the route value that names the namespace for the namespace-permission policies.</summary>
    /// <value>Default <c>namespace</c> (routes like <c>/namespaces/{namespace}/...</c>); a runtime with <c>/models/{model}</c> sets <c>model</c>.</value>
    [Required]
    public string NamespaceRouteValue { get; set; } = "namespace";

    /// <summary>Gets or sets named IP allowlists: name to CIDR ranges (IPv4 or IPv6; a bare address is a single host).</summary>
    /// <value>Default empty. An endpoint requires one with <c>RequireIpAllowlist(name)</c>.</value>
    public IDictionary<string, IList<string>> IpAllowlists { get; set; } = new Dictionary<string, IList<string>>(StringComparer.Ordinal);

    /// <summary>Gets or sets the base of the problem <c>type</c> URIs; the error code (see <see cref="AuthErrorCodes"/>) is appended.</summary>
    /// <value>Default <c>https://glyphh.dev/problems/</c>. Absolute; a missing trailing <c>/</c> is added.</value>
    [Required]
    public Uri ProblemTypeBaseUri { get; set; } = new("https://glyphh.dev/problems/");

    /// <summary>Gets or sets the CIDR ranges of reverse proxies whose <c>X-Forwarded-For</c> header is believed.</summary>
    /// <value>Default empty: the client address is always the connection's peer address.</value>
    public IList<string> TrustedProxies { get; set; } = [];
}
