using Microsoft.AspNetCore.Authorization;

namespace Glyphh.Auth.Authorization.Internal;

/// <summary>Why a namespace requirement failed; the result handler turns it into the 403 problem.</summary>
internal sealed class NamespaceDeniedReason : AuthorizationFailureReason
{
    public NamespaceDeniedReason(IAuthorizationHandler handler, string? @namespace, NamespacePermission permission, string message)
        : base(handler, message)
    {
        Namespace = @namespace;
        Permission = permission;
    }

    /// <summary>The namespace, or <c>*</c> for the platform-admin requirement, or null when the route has none.</summary>
    public string? Namespace { get; }

    public NamespacePermission Permission { get; }
}
