using Microsoft.AspNetCore.Authorization;

namespace Glyphh.Auth.Authorization.Internal;

/// <summary>Needs the client address to be in the named allowlist; holds for anonymous callers too.</summary>
internal sealed record IpAllowlistRequirement(string Allowlist) : IAuthorizationRequirement;
