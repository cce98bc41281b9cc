namespace Glyphh.Auth.Authorization.Internal;

/// <summary>
/// Set on the request when an IP allowlist refused it, so the result handler answers 403 even for an anonymous caller
/// (the authorization middleware would otherwise challenge with 401).
/// </summary>
internal sealed record IpDeniedFeature(string Allowlist);
