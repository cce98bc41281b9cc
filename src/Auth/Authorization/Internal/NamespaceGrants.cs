using System.Collections.Frozen;

namespace Glyphh.Auth.Authorization.Internal;

/// <summary>
/// What a caller may do, parsed once per credential. The scope is the <c>namespaces</c> claim when present, otherwise the
/// keys of <c>permissions</c>; a permission counts only on namespaces in scope; <c>*</c> applies to every namespace.
/// </summary>
internal sealed class NamespaceGrants
{
    public static readonly NamespaceGrants Nothing = new(FrozenDictionary<string, PermissionSet>.Empty, PermissionSet.None, FrozenSet<string>.Empty, scopeAll: false);

    public static readonly NamespaceGrants PlatformAdmin = new(FrozenDictionary<string, PermissionSet>.Empty, PermissionSet.Admin, FrozenSet<string>.Empty, scopeAll: true);

    private readonly FrozenDictionary<string, PermissionSet> _byNamespace;
    private readonly PermissionSet _everywhere;
    private readonly FrozenSet<string> _scope;
    private readonly bool _scopeAll;

    public NamespaceGrants(FrozenDictionary<string, PermissionSet> byNamespace, PermissionSet everywhere, FrozenSet<string> scope, bool scopeAll)
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

        var held = _everywhere | _byNamespace.GetValueOrDefault(@namespace);
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
