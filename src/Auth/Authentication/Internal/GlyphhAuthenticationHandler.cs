using System.Security.Claims;
using System.Text.Encodings.Web;
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
internal sealed class GlyphhAuthenticationHandler : AuthenticationHandler<AuthenticationSchemeOptions>
{
    public const string NoneAuthenticationType = "none";

    private static readonly Claim[] LocalAdminClaims =
    [
        new(GlyphhAuthDefaults.SubjectClaim, "local"),
        new(GlyphhAuthDefaults.NamespacesClaim, GlyphhAuthDefaults.AllNamespaces),
        new(GlyphhAuthDefaults.PermissionsClaim, """{"*":["admin"]}""", "JSON"),
        new("auth_method", NoneAuthenticationType),
    ];

    private readonly GlyphhAuthOptions _glyphh;
    private readonly JwtValidator _jwt;
    private readonly ApiKeyValidator _apiKeys;
    private readonly AuthMetrics _metrics;

    public GlyphhAuthenticationHandler(
        IOptionsMonitor<AuthenticationSchemeOptions> options,
        ILoggerFactory logger,
        UrlEncoder encoder,
        IOptions<GlyphhAuthOptions> glyphh,
        JwtValidator jwt,
        ApiKeyValidator apiKeys,
        AuthMetrics metrics)
        : base(options, logger, encoder)
    {
        _glyphh = glyphh.Value;
        _jwt = jwt;
        _apiKeys = apiKeys;
        _metrics = metrics;
    }

    private bool AcceptsJwt => _glyphh.Mode is AuthMode.Jwt or AuthMode.Both;

    private bool AcceptsApiKey => _glyphh.Mode is AuthMode.ApiKey or AuthMode.Both;

    // Not async: the cache hit path completes here without a state machine, and the token stays a span of the header.
    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (_glyphh.Mode == AuthMode.None)
        {
            _metrics.Authenticated(NoneAuthenticationType, "success");
            return Task.FromResult(Success(new ClaimsPrincipal(new GlyphhIdentity(LocalAdminClaims, NoneAuthenticationType, NamespaceGrants.PlatformAdmin))));
        }

        var authorization = Request.Headers.Authorization;
        var apiKeyHeader = Request.Headers[GlyphhAuthDefaults.ApiKeyHeader];
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

            if (_jwt.TryGetCached(token, out var cached, out var tokenKey))
            {
                _metrics.Authenticated(JwtValidator.AuthenticationType, "cached");
                // Without a claims transformation nothing changes the principal: every request with the token shares one
                // read-only result. A transformation may change it in place, so it gets a principal of its own.
                return Context.RequestServices.GetService(typeof(IClaimsTransformation)) is null or NoopClaimsTransformation
                    ? cached.SharedResult(Scheme.Name)
                    : Task.FromResult(Success(JwtValidator.Principal(cached)));
            }

            return ValidateJwtAsync(token.ToString(), tokenKey);
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

            return Task.FromResult(Complete(ApiKeyValidator.AuthenticationType, _apiKeys.Validate(key), cached: false));
        }

        // No credential (or another scheme's): let authorization decide whether one is needed.
        return Task.FromResult(AuthenticateResult.NoResult());
    }

    private async Task<AuthenticateResult> ValidateJwtAsync(string token, TokenHash key)
    {
        var (result, cached) = await _jwt.ValidateUncachedAsync(token, key, Context.RequestAborted).ConfigureAwait(false);
        return Complete(JwtValidator.AuthenticationType, result, cached);
    }

    private AuthenticateResult Complete(string scheme, CredentialResult result, bool cached)
    {
        if (result.Principal is { } principal)
        {
            _metrics.Authenticated(scheme, cached ? "cached" : "success");
            return Success(principal);
        }

        return Reject(scheme, result.Failure ?? "the credential is not valid");
    }

    private AuthenticateResult Success(ClaimsPrincipal principal) =>
        AuthenticateResult.Success(new AuthenticationTicket(principal, Scheme.Name));

    private AuthenticateResult Reject(string scheme, string reason)
    {
        _metrics.Authenticated(scheme, "failure");
        Log.CredentialRejected(Logger, scheme, reason);
        return AuthenticateResult.Fail(reason);
    }

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

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var authResult = await HandleAuthenticateOnceSafeAsync().ConfigureAwait(false);
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

        Response.Headers[HeaderNames.WWWAuthenticate] = challenges.ToArray();
        var detail = failure is null
            ? _glyphh.Mode switch
            {
                AuthMode.ApiKey => "Authentication is required: send an API key in the X-API-Key header.",
                AuthMode.Both => "Authentication is required: send a bearer token or an API key.",
                _ => "Authentication is required: send a bearer token (Authorization: Bearer <token>).",
            }
            : "Authentication failed: " + failure + ".";
        await ProblemWriter.WriteAsync(Context, StatusCodes.Status401Unauthorized, AuthErrorCodes.Unauthenticated, "Unauthenticated", detail).ConfigureAwait(false);
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties)
    {
        _metrics.Denied("other");
        return ProblemWriter.WriteAsync(Context, StatusCodes.Status403Forbidden, AuthErrorCodes.Forbidden, "Forbidden", "The caller is not allowed to perform this operation.");
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
