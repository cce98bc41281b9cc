using Microsoft.AspNetCore.Authorization;

namespace Glyphh.Auth.Authorization.Internal;

/// <summary>Needs a platform admin (<c>admin</c> on <c>*</c>).</summary>
internal sealed class PlatformAdminRequirement : IAuthorizationRequirement
{
    public static PlatformAdminRequirement Instance { get; } = new();
}
