namespace Glyphh.Auth.Authorization.Internal;

/// <summary>
/// What a caller may do, parsed once per credential. The scope is the <c>namespaces</c> claim when present, otherwise the
/// keys of <c>permissions</c>; a permission counts only on namespaces in scope; <c>*</c> applies to every namespace.
/// </summary>
internal sealed class NamespaceGrants
{
    public static readonly NamespaceGrants Nothing = new(new Dictionary<string, PermissionSet>(), PermissionSet.None, new HashSet<string>(), scopeAll: false);

    public static readonly NamespaceGrants PlatformAdmin = new(new Dictionary<string, PermissionSet>(), PermissionSet.Admin, new HashSet<string>(), scopeAll: true);

    // Plain collections, only read after construction: frozen ones cost more to build than a token's few lookups save.
    private readonly Dictionary<string, PermissionSet> _byNamespace;
    private readonly PermissionSet _everywhere;
    private readonly HashSet<string> _scope;
    private readonly bool _scopeAll;

    public NamespaceGrants(Dictionary<string, PermissionSet> byNamespace, PermissionSet everywhere, HashSet<string> scope, bool scopeAll)
    {
        _byNamespace = byNamespace;
        _everywhere = everywhere;
        _scope = scope;
        _scopeAll = scopeAll;
    }

    public bool IsPlatformAdmin => _scopeAll && (_everywhere & PermissionSet.Admin) != 0;

    public bool Allows(string @namespace, NamespacePermission permission)
    {
        if (IsPlatformAdmin)
        {
            return true;
        }

        if (!_scopeAll && !_scope.Contains(@namespace))
        {
            return false;
        }

        var held = _everywhere | (_byNamespace.TryGetValue(@namespace, out var own) ? own : PermissionSet.None);
        if ((held & PermissionSet.Admin) != 0)
        {
            return true;
        }

        return permission switch
        {
            NamespacePermission.Read => (held & PermissionSet.Read) != 0,
            NamespacePermission.Write => (held & PermissionSet.Write) != 0,
            _ => false,
        };
    }
}
