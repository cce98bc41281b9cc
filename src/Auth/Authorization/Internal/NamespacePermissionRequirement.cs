using Microsoft.AspNetCore.Authorization;

namespace Glyphh.Auth.Authorization.Internal;

/// <summary>Needs <paramref name="Permission"/> on the namespace named by a route value (the configured default when null).</summary>
internal sealed record NamespacePermissionRequirement(NamespacePermission Permission, string? RouteValue) : IAuthorizationRequirement;
