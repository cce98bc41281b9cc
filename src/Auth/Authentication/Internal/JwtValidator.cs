using System.Diagnostics.CodeAnalysis;
using System.Security.Claims;
using System.Text.Json;
using Glyphh.Auth.Authorization.Internal;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Glyphh.Auth.Authentication.Internal;

/// <summary>
/// Validates JWT bearer tokens: the common HS256/384/512 token in one pass (<see cref="HmacJwtFastPath"/>, which only
/// accepts), anything else with JsonWebTokenHandler, then the claim shape; remembers valid tokens until they expire.
/// </summary>
internal sealed class JwtValidator
{
    public const string AuthenticationType = "jwt";

    /// <summary>9999-12-31T00:00:00Z in seconds: the last NumericDate accepted, a day short of DateTimeOffset's end.</summary>
    private const long MaxNumericDate = 253_402_214_400;

    private readonly JsonWebTokenHandler _handler = new() { MapInboundClaims = false };
    private readonly TokenValidationParameters _parameters;
    private readonly SigningKeys _keys;
    private readonly JwksRefresher _jwks;
    private readonly TokenCache _cache;
    private readonly TimeProvider _time;
    private readonly HashSet<string> _algorithms;
    private readonly int _maxLength;
    private readonly TimeSpan _clockSkew;
    private readonly bool _requireSubject;
    private readonly HmacJwtFastPath? _fast;

    public JwtValidator(IOptions<GlyphhAuthOptions> options, SigningKeys keys, JwksRefresher jwks, TimeProvider time)
    {
        var jwt = options.Value.Jwt;
        _keys = keys;
        _jwks = jwks;
        _time = time;
        _maxLength = jwt.MaxTokenLength;
        _clockSkew = jwt.ClockSkew;
        _requireSubject = jwt.RequireSubject;
        _algorithms = new HashSet<string>(keys.Algorithms, StringComparer.Ordinal);
        _cache = new TokenCache(jwt.TokenCacheSize, time);
        var fast = new HmacJwtFastPath(jwt, keys, jwks, time, MaxNumericDate);
        _fast = fast.Disabled ? null : fast;
        _handler.MaximumTokenSizeInBytes = jwt.MaxTokenLength;
        _parameters = new TokenValidationParameters
        {
            ValidateIssuer = jwt.Issuer is not null,
            ValidIssuer = jwt.Issuer,
            ValidateAudience = jwt.Audience is not null,
            ValidAudience = jwt.Audience,
            // Lifetime is checked below against TimeProvider (testable, and 'exp' is required).
            ValidateLifetime = false,
            RequireExpirationTime = false,
            RequireSignedTokens = true,
            ClockSkew = jwt.ClockSkew,
            ValidAlgorithms = keys.Algorithms,
            IssuerSigningKeyResolver = (_, _, _, _) => _keys.Current,
            TryAllIssuerSigningKeys = true,
            NameClaimType = GlyphhAuthDefaults.SubjectClaim,
            RoleClaimType = "role",
            AuthenticationType = AuthenticationType,
            LogValidationExceptions = false,
        };
    }

    internal TokenCache Cache => _cache;

    /// <summary>
    /// The cache hit path, straight from the header's characters (no token string is made): true with the entry when
    /// the token was validated before, against the signing keys still in force, and has not expired; false when it
    /// must go through <see cref="ValidateUncachedAsync"/>.
    /// </summary>
    public bool TryGetCached(ReadOnlySpan<char> token, [NotNullWhen(true)] out TokenCache.Entry? entry)
    {
        // Cache off: no lookup per request. Keys rotated since the token was checked (a JWKS refresh): validate it
        // again against the new set.
        if (_cache.Enabled && _cache.TryGet(token, out var hit) && ReferenceEquals(hit.KeySet, _keys.Current))
        {
            entry = hit;
            return true;
        }

        entry = null;
        return false;
    }

    /// <summary>A principal of its own for one request (when a claims transformation may change it).</summary>
    public static ClaimsPrincipal Principal(TokenCache.Entry hit) =>
        new(new GlyphhIdentity(hit.Claims, AuthenticationType, hit.Grants));

    /// <summary>The whole check: the cache first, then a full validation.</summary>
    public ValueTask<(CredentialResult Result, bool Cached)> ValidateAsync(string token, CancellationToken cancellationToken) =>
        TryGetCached(token, out var hit)
            ? new((CredentialResult.Success(Principal(hit)), true))
            : ValidateUncachedAsync(token, cancellationToken);

    /// <summary>A full validation after a cache miss; a valid token is then cached (when the cache is on).</summary>
    public ValueTask<(CredentialResult Result, bool Cached)> ValidateUncachedAsync(string token, CancellationToken cancellationToken)
    {
        // The fast path only accepts; a token it does not handle (unusual, or invalid) gets the handler and its reason.
        if (ValidateFastOnly(token) is { } entry)
        {
            return new((Accept(token, entry), false));
        }

        return WithHandlerAsync(token, cancellationToken);

        async ValueTask<(CredentialResult Result, bool Cached)> WithHandlerAsync(string token, CancellationToken cancellationToken) =>
            ((await ValidateWithHandlerAsync(token, cancellationToken).ConfigureAwait(false)).Result, false);
    }

    /// <summary>The full path (JsonWebTokenHandler, then the payload read again): the reference the fast path must agree with.</summary>
    internal async ValueTask<(CredentialResult Result, TokenCache.Entry? Entry)> ValidateWithHandlerAsync(string token, CancellationToken cancellationToken)
    {
        if (token.Length > _maxLength)
        {
            return (CredentialResult.Fail("the token is too large"), null);
        }

        var keySet = _keys.Current;
        JsonWebToken jwt;
        try
        {
            jwt = _handler.ReadJsonWebToken(token);
        }
        catch (Exception e) when (e is ArgumentException or FormatException or SecurityTokenMalformedException)
        {
            return (CredentialResult.Fail("the token is malformed"), null);
        }

        if (jwt.IsEncrypted)
        {
            return (CredentialResult.Fail("encrypted tokens are not accepted"), null);
        }

        if (!_algorithms.Contains(jwt.Alg ?? ""))
        {
            // The alg comes from the token: named only when it is 'none' (a fixed word), never echoed.
            return (CredentialResult.Fail(string.Equals(jwt.Alg, "none", StringComparison.OrdinalIgnoreCase)
                ? "unsigned tokens (alg none) are not accepted"
                : "the token algorithm is not allowed"), null);
        }

        if (_jwks.Enabled && !string.IsNullOrEmpty(jwt.Kid) && !_keys.KnowsKeyId(jwt.Kid))
        {
            await _jwks.RefreshAsync(force: false, cancellationToken).ConfigureAwait(false);
        }

        var result = await _handler.ValidateTokenAsync(jwt, _parameters).ConfigureAwait(false);
        if (!result.IsValid)
        {
            return (CredentialResult.Fail(Describe(result.Exception)), null);
        }

        NamespaceGrants grants;
        string? error;
        DateTimeOffset expires;
        try
        {
            using var payload = JsonDocument.Parse(Base64UrlEncoder.DecodeBytes(jwt.EncodedPayload));
            var root = payload.RootElement;

            // Read from the JSON, not JsonWebToken.ValidTo: a string or out-of-range exp must be a reason, never an exception.
            if (!TryReadTime(root, "exp", "expiry", out var exp, out error))
            {
                return (CredentialResult.Fail(error), null);
            }

            if (exp is null)
            {
                return (CredentialResult.Fail("the token has no expiry (exp)"), null);
            }

            if (!TryReadTime(root, "nbf", "not-before", out var nbf, out error))
            {
                return (CredentialResult.Fail(error), null);
            }

            var now = _time.GetUtcNow();
            expires = exp.Value + _clockSkew;
            if (expires <= now)
            {
                return (CredentialResult.Fail("the token has expired"), null);
            }

            if (nbf - _clockSkew > now)
            {
                return (CredentialResult.Fail("the token is not valid yet (nbf)"), null);
            }

            if (!GrantsParser.TryParse(root, out grants, out error))
            {
                return (CredentialResult.Fail(error!), null);
            }

            // A null 'iss' passes JsonWebTokenHandler's reading but throws when it names the claims' issuer.
            if (root.TryGetProperty("iss", out var iss) && iss.ValueKind != JsonValueKind.String)
            {
                return (CredentialResult.Fail("the 'iss' claim must be a string"), null);
            }

            var hasSub = root.TryGetProperty(GlyphhAuthDefaults.SubjectClaim, out var sub);
            if (hasSub && sub.ValueKind != JsonValueKind.String)
            {
                return (CredentialResult.Fail("the 'sub' claim must be a string"), null);
            }

            if (_requireSubject && (!hasSub || string.IsNullOrWhiteSpace(sub.GetString())))
            {
                return (CredentialResult.Fail("the token has no subject (sub)"), null);
            }
        }
        // InvalidOperationException: a string that is not valid UTF-8 (JsonDocument checks strings only when read).
        catch (Exception e) when (e is JsonException or FormatException or ArgumentException or InvalidOperationException)
        {
            return (CredentialResult.Fail("the token payload is not valid JSON"), null);
        }

        var entry = new TokenCache.Entry(result.ClaimsIdentity.Claims.ToArray(), grants, expires) { KeySet = keySet };
        return (Accept(token, entry), entry);
    }

    /// <summary>Caches a valid token (when the cache is on) and makes its principal.</summary>
    private CredentialResult Accept(string token, TokenCache.Entry entry)
    {
        if (_cache.Enabled)
        {
            _cache.Add(token, entry);
        }

        return CredentialResult.Success(new ClaimsPrincipal(new GlyphhIdentity(entry.Claims, AuthenticationType, entry.Grants)));
    }

    /// <summary>The fast path alone: the entry when it accepts, null when it leaves the token to the handler.</summary>
    internal TokenCache.Entry? ValidateFastOnly(string token) =>
        token.Length <= _maxLength && _fast is not null && _fast.TryValidate(token, out var entry) ? entry : null;

    /// <summary>
    /// Reads a NumericDate claim: absent is null; present, it must be a JSON number of seconds from 1970-01-01 up to
    /// 9999-12-31T00:00:00Z (so adding the clock skew cannot overflow). Fractions are truncated.
    /// </summary>
    private static bool TryReadTime(JsonElement payload, string claim, string what, out DateTimeOffset? time, [NotNullWhen(false)] out string? error)
    {
        time = null;
        error = null;
        if (!payload.TryGetProperty(claim, out var value))
        {
            return true;
        }

        if (value.ValueKind != JsonValueKind.Number)
        {
            error = $"the token {what} ({claim}) is not a number of seconds";
            return false;
        }

        // TryGetDouble is false beyond double's range (1e400): out of range too, not a parse failure.
        if (!value.TryGetDouble(out var seconds) || !double.IsFinite(seconds) || seconds < 0 || seconds > MaxNumericDate)
        {
            error = $"the token {what} ({claim}) is out of range";
            return false;
        }

        time = DateTimeOffset.UnixEpoch.AddSeconds(Math.Floor(seconds));
        return true;
    }

    /// <summary>A short reason that is safe in a response header: fixed words, nothing taken from the token.</summary>
    internal static string Describe(Exception? exception) => exception switch
    {
        SecurityTokenExpiredException => "the token has expired",
        SecurityTokenNotYetValidException => "the token is not valid yet (nbf)",
        SecurityTokenNoExpirationException => "the token has no expiry (exp)",
        SecurityTokenInvalidLifetimeException => "the token lifetime is invalid",
        SecurityTokenInvalidAudienceException => "the token audience is not accepted",
        SecurityTokenInvalidIssuerException => "the token issuer is not accepted",
        SecurityTokenInvalidAlgorithmException => "the token algorithm is not allowed",
        SecurityTokenSignatureKeyNotFoundException => "the token signature is invalid (no matching key)",
        SecurityTokenInvalidSignatureException => "the token signature is invalid",
        SecurityTokenMalformedException => "the token is malformed",
        _ => "the token is invalid",
    };
}
