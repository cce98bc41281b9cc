using System.Security.Claims;

namespace Glyphh.Auth.Authentication.Internal;

/// <summary>The outcome of checking one credential: a principal, a failure reason (safe to show), or no credential at all.</summary>
internal readonly record struct CredentialResult(ClaimsPrincipal? Principal, string? Failure)
{
    public static CredentialResult None => default;

    public static CredentialResult Fail(string reason) => new(null, reason);

    public static CredentialResult Success(ClaimsPrincipal principal) => new(principal, null);
}
