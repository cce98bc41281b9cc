using System.Security.Claims;
using Glyphh.Auth.Authorization.Internal;
using Glyphh.Auth.Diagnostics.Internal;
using Glyphh.Auth.Problems.Internal;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace Glyphh.Auth.Authentication.Internal;

/// <summary>
/// The <c>Glyphh</c> scheme: picks the credential the mode accepts (bearer token, API key, or none at all), and answers
/// challenges and forbids with problem+json and an RFC 6750 <c>WWW-Authenticate</c> header.
/// </summary>
/// <remarks>
/// One small instance per request (the framework's handler provider makes it), implementing
/// <see cref="IAuthenticationHandler"/> directly rather than deriving from <c>AuthenticationHandler&lt;T&gt;</c>: no
/// options lookups and no result task per request, so a cached token's shared result is returned as it is. The state
/// that lives as long as the host is in <see cref="GlyphhAuthenticator"/>. Logs the base class's events (same ids and
/// messages) so nothing observable changes.
/// </remarks>
internal sealed class GlyphhAuthenticationHandler : IAuthenticationHandler
{
    public const string NoneAuthenticationType = "none";

    private readonly GlyphhAuthenticator _core;
    private HttpContext _context = null!;
    private string _scheme = null!;
    private Task<AuthenticateResult>? _authenticate; // Once per request, as the base class: a second call gets the same result.

    public GlyphhAuthenticationHandler(GlyphhAuthenticator core) => _core = core;

    public Task InitializeAsync(AuthenticationScheme scheme, HttpContext context)
    {
        _scheme = scheme.Name;
        _context = context;
        // The authentication lane answered for this scheme: the framework's middleware would have left this request a
        // handler that authenticated once and keeps that result, so a later authentication (a policy naming several
        // schemes, a host's own policy evaluator) must not count or validate the token again.
        if (context.Features.Get<IAuthenticateResultFeature>() is GlyphhAuthenticationLane.ResultFeatures { Lane: var lane }
            && string.Equals(lane.Result.Ticket?.AuthenticationScheme, _scheme, StringComparison.Ordinal))
        {
            _authenticate = lane;
        }

        return Task.CompletedTask;
    }

    public Task<AuthenticateResult> AuthenticateAsync()
    {
        var task = _authenticate ??= _core.Authenticate(_context, _scheme);
        if (!task.IsCompletedSuccessfully)
        {
            return LoggedAsync(task);
        }

        _core.Authenticated(_scheme, task.Result);
        return task;
    }

    private async Task<AuthenticateResult> LoggedAsync(Task<AuthenticateResult> task)
    {
        var result = await task.ConfigureAwait(false);
        _core.Authenticated(_scheme, result);
        return result;
    }

    public async Task ChallengeAsync(AuthenticationProperties? properties)
    {
        AuthenticateResult result;
        try
        {
            result = await (_authenticate ??= _core.Authenticate(_context, _scheme)).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            // As the base class's HandleAuthenticateOnceSafeAsync: an authentication that threw is a failure to report.
            result = AuthenticateResult.Fail(e);
        }

        await _core.ChallengeAsync(_context, result).ConfigureAwait(false);
        GlyphhAuthenticator.Challenged(_core.Logger, _scheme);
    }

    public async Task ForbidAsync(AuthenticationProperties? properties)
    {
        await _core.ForbidAsync(_context).ConfigureAwait(false);
        GlyphhAuthenticator.Forbidden(_core.Logger, _scheme);
    }
}

/// <summary>The Glyphh scheme's work, one per host; <see cref="GlyphhAuthenticationHandler"/> is its per-request face.</summary>
internal sealed partial class GlyphhAuthenticator
{
    private static readonly Claim[] LocalAdminClaims =
    [
        new(GlyphhAuthDefaults.SubjectClaim, "local"),
        new(GlyphhAuthDefaults.NamespacesClaim, GlyphhAuthDefaults.AllNamespaces),
        new(GlyphhAuthDefaults.PermissionsClaim, """{"*":["admin"]}""", "JSON"),
        new("auth_method", GlyphhAuthenticationHandler.NoneAuthenticationType),
    ];

    private readonly GlyphhAuthOptions _glyphh;
    private readonly JwtValidator _jwt;
    private readonly ApiKeyValidator _apiKeys;
    private readonly AuthMetrics _metrics;
    private Task<AuthenticateResult>? _localAdmin;

    public GlyphhAuthenticator(ILoggerFactory loggers, IOptions<GlyphhAuthOptions> glyphh, JwtValidator jwt, ApiKeyValidator apiKeys, AuthMetrics metrics)
    {
        // The category the handler logged under when it derived from AuthenticationHandler<T> (its type's full name).
        Logger = loggers.CreateLogger(typeof(GlyphhAuthenticationHandler).FullName!);
        _glyphh = glyphh.Value;
        _jwt = jwt;
        _apiKeys = apiKeys;
        _metrics = metrics;
    }

    public ILogger Logger { get; }

    private bool AcceptsJwt => _glyphh.Mode is AuthMode.Jwt or AuthMode.Both;

    private bool AcceptsApiKey => _glyphh.Mode is AuthMode.ApiKey or AuthMode.Both;

    // Not async: the cache hit path completes here without a state machine, and the token stays a span of the header.
    public Task<AuthenticateResult> Authenticate(HttpContext context, string scheme)
    {
        // Without a claims transformation nothing changes the principal: a cached token (or mode none) gets the one
        // shared read-only result the fast lane gives. A transformation may change it in place: a principal of its own.
        if (NothingTransforms(context) && TryCached(context, scheme) is { } shared)
        {
            return shared;
        }

        if (_glyphh.Mode == AuthMode.None)
        {
            _metrics.Authenticated(GlyphhAuthenticationHandler.NoneAuthenticationType, "success");
            return Task.FromResult(Success(new ClaimsPrincipal(new GlyphhIdentity(LocalAdminClaims, GlyphhAuthenticationHandler.NoneAuthenticationType, NamespaceGrants.PlatformAdmin)), scheme));
        }

        var authorization = context.Request.Headers.Authorization;
        var apiKeyHeader = context.Request.Headers[GlyphhAuthDefaults.ApiKeyHeader];
        if (authorization.Count > 1 || apiKeyHeader.Count > 1)
        {
            return Task.FromResult(Reject("credential", "more than one credential header was sent"));
        }

        var value = authorization.Count == 1 ? authorization[0] ?? "" : null;
        if (value is not null && TryScheme(value, "Bearer", out var token))
        {
            if (!AcceptsJwt)
            {
                return Task.FromResult(Reject(JwtValidator.AuthenticationType, "bearer tokens are not accepted here; send an API key"));
            }

            if (token.IsEmpty)
            {
                return Task.FromResult(Reject(JwtValidator.AuthenticationType, "the bearer token is empty"));
            }

            if (_jwt.TryGetCached(token, out var cached))
            {
                _metrics.Authenticated(JwtValidator.AuthenticationType, "cached");
                return Task.FromResult(Success(JwtValidator.Principal(cached), scheme));
            }

            return ValidateJwtAsync(context, scheme, token.ToString());
        }

        string? key = null;
        if (value is not null && TryScheme(value, "ApiKey", out var fromAuthorization))
        {
            key = fromAuthorization.ToString();
        }
        else if (apiKeyHeader.Count == 1)
        {
            key = apiKeyHeader[0]?.Trim() ?? "";
        }

        if (key is not null)
        {
            if (!AcceptsApiKey)
            {
                return Task.FromResult(Reject(ApiKeyValidator.AuthenticationType, "API keys are not accepted here; send a bearer token"));
            }

            return Task.FromResult(Complete(ApiKeyValidator.AuthenticationType, _apiKeys.Validate(key), cached: false, scheme));
        }

        // No credential (or another scheme's): let authorization decide whether one is needed.
        return Task.FromResult(AuthenticateResult.NoResult());
    }

    /// <summary>
    /// The cache hit alone, for the authentication fast lane and the start of <see cref="Authenticate"/>: the shared result when the request carries one bearer
    /// token that <see cref="Authenticate"/> would answer from the cache (or, in mode none, the local admin's), counted
    /// as it counts it; null (and nothing counted or logged) otherwise, and the request takes the framework's path.
    /// </summary>
    public Task<AuthenticateResult>? TryCached(HttpContext context, string scheme)
    {
        if (_glyphh.Mode == AuthMode.None)
        {
            _metrics.Authenticated(GlyphhAuthenticationHandler.NoneAuthenticationType, "success");
            return LocalAdmin(scheme);
        }

        if (!AcceptsJwt)
        {
            return null;
        }

        var headers = context.Request.Headers;
        var authorization = headers.Authorization;
        if (authorization.Count != 1 || headers[GlyphhAuthDefaults.ApiKeyHeader].Count > 1
            || !TryScheme(authorization[0] ?? "", "Bearer", out var token) || token.IsEmpty
            || !_jwt.TryGetCached(token, out var cached))
        {
            return null;
        }

        _metrics.Authenticated(JwtValidator.AuthenticationType, "cached");
        return cached.SharedResult(scheme);
    }

    private static bool NothingTransforms(HttpContext context) =>
        context.RequestServices.GetService(typeof(IClaimsTransformation)) is null or NoopClaimsTransformation or GlyphhClaimsTransformation;

    /// <summary>Mode none's local platform admin: one shared read-only result, made once per scheme name.</summary>
    private Task<AuthenticateResult> LocalAdmin(string scheme)
    {
        var shared = _localAdmin;
        if (shared is null || shared.Result.Ticket!.AuthenticationScheme != scheme)
        {
            var principal = new SharedGlyphhPrincipal(new GlyphhIdentity(LocalAdminClaims, GlyphhAuthenticationHandler.NoneAuthenticationType, NamespaceGrants.PlatformAdmin, shared: true));
            shared = Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(principal, TokenCache.Entry.SharedProperties, scheme)));
            principal.Result = shared;
            _localAdmin = shared;
        }

        return shared;
    }

    private async Task<AuthenticateResult> ValidateJwtAsync(HttpContext context, string scheme, string token)
    {
        using var activity = AuthActivity.Start("glyphh.auth.token.validate");
        var (result, cached) = await _jwt.ValidateUncachedAsync(token, context.RequestAborted).ConfigureAwait(false);
        AuthActivity.Validated(activity, result.Failure);
        return Complete(JwtValidator.AuthenticationType, result, cached, scheme);
    }

    private AuthenticateResult Complete(string credential, CredentialResult result, bool cached, string scheme)
    {
        if (result.Principal is { } principal)
        {
            _metrics.Authenticated(credential, cached ? "cached" : "success");
            return Success(principal, scheme);
        }

        return Reject(credential, result.Failure ?? "the credential is not valid");
    }

    private static AuthenticateResult Success(ClaimsPrincipal principal, string scheme) =>
        AuthenticateResult.Success(new AuthenticationTicket(principal, scheme));

    private AuthenticateResult Reject(string credential, string reason)
    {
        _metrics.Authenticated(credential, "failure");
        Log.CredentialRejected(Logger, credential, reason);
        return AuthenticateResult.Fail(reason);
    }

    /// <summary>The base class's log events after an authentication (ids and messages of ASP.NET Core's own).</summary>
    public void Authenticated(string scheme, AuthenticateResult result)
    {
        if (result.Failure is { } failure)
        {
            NotAuthenticatedWithFailure(Logger, scheme, failure.Message);
        }
        else if (Logger.IsEnabled(LogLevel.Debug))
        {
            if (result.Ticket?.Principal is not null)
            {
                SchemeAuthenticated(Logger, scheme);
            }
            else
            {
                NotAuthenticated(Logger, scheme);
            }
        }
    }

    [LoggerMessage(EventId = 7, EventName = "AuthenticationSchemeNotAuthenticatedWithFailure", Level = LogLevel.Information, Message = "{AuthenticationScheme} was not authenticated. Failure message: {FailureMessage}")]
    private static partial void NotAuthenticatedWithFailure(ILogger logger, string authenticationScheme, string failureMessage);

    [LoggerMessage(EventId = 8, EventName = "AuthenticationSchemeAuthenticated", Level = LogLevel.Debug, Message = "AuthenticationScheme: {AuthenticationScheme} was successfully authenticated.")]
    private static partial void SchemeAuthenticated(ILogger logger, string authenticationScheme);

    [LoggerMessage(EventId = 9, EventName = "AuthenticationSchemeNotAuthenticated", Level = LogLevel.Debug, Message = "AuthenticationScheme: {AuthenticationScheme} was not authenticated.")]
    private static partial void NotAuthenticated(ILogger logger, string authenticationScheme);

    [LoggerMessage(EventId = 12, EventName = "AuthenticationSchemeChallenged", Level = LogLevel.Information, Message = "AuthenticationScheme: {AuthenticationScheme} was challenged.")]
    public static partial void Challenged(ILogger logger, string authenticationScheme);

    [LoggerMessage(EventId = 13, EventName = "AuthenticationSchemeForbidden", Level = LogLevel.Information, Message = "AuthenticationScheme: {AuthenticationScheme} was forbidden.")]
    public static partial void Forbidden(ILogger logger, string authenticationScheme);

    private static bool TryScheme(string header, string scheme, out ReadOnlySpan<char> credential)
    {
        if (header.Length > scheme.Length && header.StartsWith(scheme, StringComparison.OrdinalIgnoreCase) && header[scheme.Length] == ' ')
        {
            credential = header.AsSpan(scheme.Length + 1).Trim();
            return true;
        }

        credential = default;
        return header.AsSpan().Trim().Equals(scheme, StringComparison.OrdinalIgnoreCase);
    }

    public async Task ChallengeAsync(HttpContext context, AuthenticateResult authResult)
    {
        var failure = authResult.Failure?.Message;
        var challenges = new List<string>(2);
        var error = failure is null ? "" : $" error=\"invalid_token\", error_description=\"{HeaderSafe(failure)}\"";
        if (AcceptsJwt)
        {
            challenges.Add("Bearer" + error);
        }

        if (AcceptsApiKey)
        {
            challenges.Add("ApiKey" + error);
        }

        context.Response.Headers[HeaderNames.WWWAuthenticate] = challenges.ToArray();
        var detail = failure is null
            ? _glyphh.Mode switch
            {
                AuthMode.ApiKey => "Authentication is required: send an API key in the X-API-Key header.",
                AuthMode.Both => "Authentication is required: send a bearer token or an API key.",
                _ => "Authentication is required: send a bearer token (Authorization: Bearer <token>).",
            }
            : "Authentication failed: " + failure + ".";
        await ProblemWriter.WriteAsync(context, StatusCodes.Status401Unauthorized, AuthErrorCodes.Unauthenticated, "Unauthenticated", detail).ConfigureAwait(false);
    }

    public Task ForbidAsync(HttpContext context)
    {
        _metrics.Denied("other");
        return ProblemWriter.WriteAsync(context, StatusCodes.Status403Forbidden, AuthErrorCodes.Forbidden, "Forbidden", "The caller is not allowed to perform this operation.");
    }

    private static string HeaderSafe(string reason)
    {
        // RFC 6750 error_description: printable ASCII without '"' or '\'.
        Span<char> buffer = stackalloc char[Math.Min(reason.Length, 200)];
        for (var i = 0; i < buffer.Length; i++)
        {
            var c = reason[i];
            buffer[i] = c is >= ' ' and <= '~' and not '"' and not '\\' ? c : ' ';
        }

        return new string(buffer);
    }
}
