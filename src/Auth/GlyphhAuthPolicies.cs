namespace Glyphh.Auth;

/// <summary>Authorization policy names registered by <c>AddGlyphhAuth</c>, for <c>[Authorize(Policy = ...)]</c>.</summary>
public static class GlyphhAuthPolicies
{
    /// <summary><c>read</c> on the namespace named by the route value <see cref="GlyphhAuthOptions.NamespaceRouteValue"/>.</summary>
    public const string NamespaceRead = "Glyphh.Namespace.Read";

    /// <summary><c>write</c> on the namespace named by the route value <see cref="GlyphhAuthOptions.NamespaceRouteValue"/>.</summary>
    public const string NamespaceWrite = "Glyphh.Namespace.Write";

    /// <summary><c>admin</c> on the namespace named by the route value <see cref="GlyphhAuthOptions.NamespaceRouteValue"/>.</summary>
    public const string NamespaceAdmin = "Glyphh.Namespace.Admin";

    /// <summary>A platform admin (<c>admin</c> on <c>*</c>).</summary>
    public const string PlatformAdmin = "Glyphh.PlatformAdmin";

    /// <summary>The policy name for the configured IP allowlist <paramref name="allowlist"/>: <c>Glyphh.IpAllowlist.&lt;name&gt;</c>.</summary>
    /// <param name="allowlist">A key of <see cref="GlyphhAuthOptions.IpAllowlists"/>.</param>
    /// <returns>The policy name.</returns>
    public static string IpAllowlist(string allowlist)
    {
        ArgumentException.ThrowIfNullOrEmpty(allowlist);
        return "Glyphh.IpAllowlist." + allowlist;
    }

    /// <summary>The policy name for <paramref name="permission"/> on the route's namespace.</summary>
    /// <param name="permission">The permission.</param>
    /// <returns>One of <see cref="NamespaceRead"/>, <see cref="NamespaceWrite"/>, <see cref="NamespaceAdmin"/>.</returns>
    public static string Namespace(NamespacePermission permission) => permission switch
    {
        NamespacePermission.Read => NamespaceRead,
        NamespacePermission.Write => NamespaceWrite,
        NamespacePermission.Admin => NamespaceAdmin,
        _ => throw new ArgumentOutOfRangeException(nameof(permission)),
    };
}
