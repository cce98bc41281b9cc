using System.Net;
using Microsoft.Extensions.Logging;

namespace Glyphh.Auth.Diagnostics.Internal;

/// <summary>Log events of Glyphh.Auth. Tokens, keys and secrets are never logged.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Warning, Message = "Authentication is off (AUTH_MODE=none): every request acts as a local platform admin. Use this only for local deployments.")]
    public static partial void AuthenticationOff(ILogger logger);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "Authentication mode {Mode}.")]
    public static partial void AuthenticationMode(ILogger logger, AuthMode mode);

    [LoggerMessage(EventId = 3, Level = LogLevel.Debug, Message = "Credential rejected ({Scheme}): {Reason}.")]
    public static partial void CredentialRejected(ILogger logger, string scheme, string reason);

    [LoggerMessage(EventId = 4, Level = LogLevel.Information, Message = "Forbidden: {Subject} lacks {Permission} on namespace {Namespace}.")]
    public static partial void NamespaceDenied(ILogger logger, string? subject, string permission, string @namespace);

    [LoggerMessage(EventId = 5, Level = LogLevel.Information, Message = "Forbidden: client {ClientAddress} is not in IP allowlist {Allowlist}.")]
    public static partial void IpDenied(ILogger logger, IPAddress? clientAddress, string allowlist);

    [LoggerMessage(EventId = 6, Level = LogLevel.Information, Message = "Rate limited by policy {Policy}.")]
    public static partial void RateLimited(ILogger logger, string policy);

    [LoggerMessage(EventId = 7, Level = LogLevel.Information, Message = "JWKS refreshed from {JwksUrl}: {KeyCount} signing keys.")]
    public static partial void JwksRefreshed(ILogger logger, Uri jwksUrl, int keyCount);

    [LoggerMessage(EventId = 8, Level = LogLevel.Warning, Message = "JWKS refresh from {JwksUrl} failed; the previous keys stay in use.")]
    public static partial void JwksRefreshFailed(ILogger logger, Uri jwksUrl, Exception exception);

    [LoggerMessage(EventId = 9, Level = LogLevel.Error, Message = "IP allowlist {Allowlist} is required by an endpoint but not configured; the request is refused.")]
    public static partial void AllowlistMissing(ILogger logger, string allowlist);

    [LoggerMessage(EventId = 10, Level = LogLevel.Information, Message = "Forbidden: {Subject} is not a platform admin.")]
    public static partial void PlatformAdminDenied(ILogger logger, string? subject);
}
