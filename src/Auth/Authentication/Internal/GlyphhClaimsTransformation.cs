using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;

namespace Glyphh.Auth.Authentication.Internal;

/// <summary>
/// The framework's no-op claims transformation without its per-request task: the principal comes back unchanged, a
/// cached token's shared principal in one completed task it keeps. Registered only in place of
/// <see cref="NoopClaimsTransformation"/>; a host's own transformation is never replaced.
/// </summary>
internal sealed class GlyphhClaimsTransformation : IClaimsTransformation
{
    public Task<ClaimsPrincipal> TransformAsync(ClaimsPrincipal principal) =>
        principal is SharedGlyphhPrincipal shared ? shared.Unchanged : Task.FromResult(principal);
}
