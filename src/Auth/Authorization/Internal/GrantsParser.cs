using System.Text.Json;

namespace Glyphh.Auth.Authorization.Internal;

/// <summary>Parses the <c>namespaces</c> and <c>permissions</c> claims; a wrong shape is an error with its reason, never a silent grant.</summary>
internal static class GrantsParser
{
    public const string PermissionsShapeError = "the 'permissions' claim must be an object of namespace to an array of 'read', 'write' or 'admin'";
    public const string NamespacesShapeError = "the 'namespaces' claim must be an array of namespace names";

    private const int MaxEntries = 1024;

    /// <summary>Parses the claims from a JWT payload object.</summary>
    public static bool TryParse(JsonElement payload, out NamespaceGrants grants, out string? error)
    {
        grants = NamespaceGrants.Nothing;
        if (payload.ValueKind != JsonValueKind.Object)
        {
            error = "the token payload is not a JSON object";
            return false;
        }

        JsonElement? namespaces = payload.TryGetProperty(GlyphhAuthDefaults.NamespacesClaim, out var n) ? n : null;
        JsonElement? permissions = payload.TryGetProperty(GlyphhAuthDefaults.PermissionsClaim, out var p) ? p : null;
        return TryParse(namespaces, permissions, out grants, out error);
    }

    public static bool TryParse(JsonElement? namespaces, JsonElement? permissions, out NamespaceGrants grants, out string? error)
    {
        grants = NamespaceGrants.Nothing;
        var byNamespace = new Dictionary<string, PermissionSet>(StringComparer.Ordinal);
        var everywhere = PermissionSet.None;
        if (permissions is { } perms)
        {
            if (perms.ValueKind != JsonValueKind.Object)
            {
                error = PermissionsShapeError;
                return false;
            }

            foreach (var entry in perms.EnumerateObject())
            {
                if (entry.Name.Length == 0 || entry.Value.ValueKind != JsonValueKind.Array || byNamespace.Count >= MaxEntries)
                {
                    error = PermissionsShapeError;
                    return false;
                }

                var set = PermissionSet.None;
                foreach (var verb in entry.Value.EnumerateArray())
                {
                    var parsed = verb.ValueKind == JsonValueKind.String ? ParseVerb(verb.GetString()) : PermissionSet.None;
                    if (parsed == PermissionSet.None)
                    {
                        error = PermissionsShapeError;
                        return false;
                    }

                    set |= parsed;
                }

                if (entry.Name == GlyphhAuthDefaults.AllNamespaces)
                {
                    everywhere |= set;
                }
                else
                {
                    byNamespace[entry.Name] = byNamespace.GetValueOrDefault(entry.Name) | set;
                }
            }
        }

        var scope = new HashSet<string>(StringComparer.Ordinal);
        bool scopeAll;
        if (namespaces is { } names)
        {
            if (names.ValueKind != JsonValueKind.Array || names.GetArrayLength() > MaxEntries)
            {
                error = NamespacesShapeError;
                return false;
            }

            foreach (var name in names.EnumerateArray())
            {
                var value = name.ValueKind == JsonValueKind.String ? name.GetString() : null;
                if (string.IsNullOrEmpty(value))
                {
                    error = NamespacesShapeError;
                    return false;
                }

                scope.Add(value);
            }

            scopeAll = scope.Remove(GlyphhAuthDefaults.AllNamespaces);
        }
        else
        {
            scope.UnionWith(byNamespace.Keys);
            scopeAll = everywhere != PermissionSet.None;
        }

        grants = new NamespaceGrants(byNamespace, everywhere, scope, scopeAll);
        error = null;
        return true;
    }

    /// <summary>Builds grants from configured permissions (API keys); unknown verbs are reported with the namespace.</summary>
    public static bool TryParse(IDictionary<string, IList<string>> permissions, out NamespaceGrants grants, out string? error)
    {
        var byNamespace = new Dictionary<string, PermissionSet>(StringComparer.Ordinal);
        var everywhere = PermissionSet.None;
        foreach (var (name, verbs) in permissions)
        {
            var set = PermissionSet.None;
            foreach (var verb in verbs ?? [])
            {
                var parsed = ParseVerb(verb);
                if (parsed == PermissionSet.None)
                {
                    grants = NamespaceGrants.Nothing;
                    error = $"permission '{verb}' on '{name}' is not one of read, write, admin";
                    return false;
                }

                set |= parsed;
            }

            if (name == GlyphhAuthDefaults.AllNamespaces)
            {
                everywhere |= set;
            }
            else
            {
                byNamespace[name] = set;
            }
        }

        grants = new NamespaceGrants(byNamespace, everywhere, new HashSet<string>(byNamespace.Keys, StringComparer.Ordinal), everywhere != PermissionSet.None);
        error = null;
        return true;
    }

    private static PermissionSet ParseVerb(string? verb) => verb switch
    {
        "read" => PermissionSet.Read,
        "write" => PermissionSet.Write,
        "admin" => PermissionSet.Admin,
        _ => PermissionSet.None,
    };
}
