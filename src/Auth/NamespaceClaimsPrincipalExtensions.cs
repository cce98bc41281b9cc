using System.Security.Claims;
using System.Text.Json;
using Glyphh.Auth.Authentication.Internal;
using Glyphh.Auth.Authorization.Internal;

namespace Glyphh.Auth;

/// <summary>Checks namespace permissions in endpoint code, e.g. for a namespace that is not in the route.</summary>
public static class NamespaceClaimsPrincipalExtensions
{
    /// <summary>
    /// Whether <paramref name="principal"/> holds <paramref name="permission"/> on <paramref name="namespace"/>
    /// (<c>admin</c> implies the others; <c>*</c> applies to every namespace; a platform admin holds everything).
    /// </summary>
    /// <param name="principal">The caller, usually <c>HttpContext.User</c>.</param>
    /// <param name="namespace">The namespace (model) name; compared case-sensitively.</param>
    /// <param name="permission">The permission needed.</param>
    /// <returns><see langword="true"/> when the permission is held; <see langword="false"/> for an anonymous caller.</returns>
    public static bool HasNamespacePermission(this ClaimsPrincipal principal, string @namespace, NamespacePermission permission)
    {
        ArgumentNullException.ThrowIfNull(principal);
        ArgumentNullException.ThrowIfNull(@namespace);
        return GrantsOf(principal).Allows(@namespace, permission);
    }

    /// <summary>Whether <paramref name="principal"/> is a platform admin (<c>admin</c> on <c>*</c>).</summary>
    /// <param name="principal">The caller.</param>
    /// <returns><see langword="true"/> for a platform admin.</returns>
    public static bool IsPlatformAdmin(this ClaimsPrincipal principal)
    {
        ArgumentNullException.ThrowIfNull(principal);
        return GrantsOf(principal).IsPlatformAdmin;
    }

    internal static NamespaceGrants GrantsOf(ClaimsPrincipal principal)
    {
        var identities = principal.Identities;
        if (identities is IReadOnlyList<ClaimsIdentity> list)
        {
            // Indexed: no enumerator per permission check.
            for (var i = 0; i < list.Count; i++)
            {
                if (list[i] is GlyphhIdentity { IsAuthenticated: true } glyphh)
                {
                    return glyphh.Grants;
                }
            }
        }
        else
        {
            foreach (var identity in identities)
            {
                if (identity is GlyphhIdentity { IsAuthenticated: true } glyphh)
                {
                    return glyphh.Grants;
                }
            }
        }

        // Another scheme's identity (or a transformed copy): read the same claims, failing closed on a wrong shape.
        foreach (var identity in principal.Identities)
        {
            if (identity.IsAuthenticated && TryParseClaims(identity, out var grants))
            {
                return grants;
            }
        }

        return NamespaceGrants.Nothing;
    }

    private static bool TryParseClaims(ClaimsIdentity identity, out NamespaceGrants grants)
    {
        grants = NamespaceGrants.Nothing;
        var permissions = identity.FindFirst(GlyphhAuthDefaults.PermissionsClaim);
        if (permissions is null)
        {
            return false;
        }

        try
        {
            using var permissionsDocument = JsonDocument.Parse(permissions.Value);
            var names = identity.FindAll(GlyphhAuthDefaults.NamespacesClaim).Select(c => c.Value).ToList();
            using var namespacesDocument = names.Count == 0 ? null : JsonDocument.Parse(JsonSerializer.Serialize(names, GrantsJsonContext.Default.ListString));
            return GrantsParser.TryParse(namespacesDocument?.RootElement, permissionsDocument.RootElement, out grants, out _);
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
