namespace Glyphh.Auth;

/// <summary>The stable error codes of Glyphh authentication: the last segment of a problem's <c>type</c> and <see cref="GlyphhAuthException.ErrorCode"/>.</summary>
public static class AuthErrorCodes
{
    /// <summary>No credential, or one that is not valid, on an endpoint that needs one (401).</summary>
    public const string Unauthenticated = "unauthenticated";

    /// <summary>The caller lacks a permission, is not a platform admin, or its address is not in an allowlist (403).</summary>
    public const string Forbidden = "forbidden";

    /// <summary>A rate limit was exceeded (429).</summary>
    public const string RateLimited = "rate-limited";

    /// <summary>A setting or deployment variable is not valid (for example <c>AUTH_MODE</c> is not one of its words); a start-up failure, never a response.</summary>
    public const string InvalidConfiguration = "invalid-configuration";
}
