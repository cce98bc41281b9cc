using System.ComponentModel.DataAnnotations;

namespace Glyphh.Auth;

/// <summary>How JWT bearer tokens are validated.</summary>
public sealed class GlyphhJwtOptions
{
    /// <summary>Gets or sets the HS256 secret (<c>JWT_SECRET_KEY</c>); its UTF-8 bytes are the key and must be at least 32 bytes (256 bits).</summary>
    /// <value>Default unset. Required in <see cref="AuthMode.Jwt"/> or <see cref="AuthMode.Both"/> unless public keys or a JWKS URL are set.</value>
    public string? SecretKey { get; set; }

    /// <summary>Gets or sets the required <c>iss</c> (<c>JWT_ISSUER</c>).</summary>
    /// <value>Default unset: the issuer is not checked.</value>
    public string? Issuer { get; set; }

    /// <summary>Gets or sets the required <c>aud</c> (<c>JWT_AUDIENCE</c>).</summary>
    /// <value>Default unset: the audience is not checked.</value>
    public string? Audience { get; set; }

    /// <summary>Gets or sets whether a token must carry a non-empty string <c>sub</c> (the caller's identity, used by logs and rate limits).</summary>
    /// <value>Default <see langword="true"/>: a token without <c>sub</c> is refused with a 401.</value>
    public bool RequireSubject { get; set; } = true;

    /// <summary>Gets or sets the accepted <c>alg</c> values (from HS256/384/512, RS256/384/512, PS256/384/512, ES256/384/512; never <c>none</c>).</summary>
    /// <value>Default empty: HS256 when a secret is set, plus RS256 and ES256 when public keys or a JWKS URL are set.</value>
    public IList<string> ValidAlgorithms { get; set; } = [];

    /// <summary>Gets or sets the tolerance for <c>exp</c> and <c>nbf</c>.</summary>
    /// <value>Default 30 seconds; at most 5 minutes.</value>
    public TimeSpan ClockSkew { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Gets or sets PEM public keys (RSA or EC <c>PUBLIC KEY</c>) accepted for RS*/PS*/ES* tokens.</summary>
    /// <value>Default empty.</value>
    public IList<string> PublicKeys { get; set; } = [];

    /// <summary>Gets or sets a JWKS URL whose signing keys are accepted; fetched at start, refreshed in the background and when a token names an unknown <c>kid</c>.</summary>
    /// <value>Default unset.</value>
    public Uri? JwksUrl { get; set; }

    /// <summary>Gets or sets how often the JWKS is refreshed in the background.</summary>
    /// <value>Default 10 minutes.</value>
    public TimeSpan JwksRefreshInterval { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Gets or sets the least time between two JWKS fetches (bounds refreshes caused by unknown <c>kid</c> values).</summary>
    /// <value>Default 30 seconds.</value>
    public TimeSpan JwksMinimumRefreshInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Gets or sets how many validated tokens are remembered (until their expiry) so a repeated token skips signature checks; 0 turns the cache off.</summary>
    /// <value>Default 10,000.</value>
    [Range(0, 1_000_000)]
    public int TokenCacheSize { get; set; } = 10_000;

    /// <summary>Gets or sets the longest token accepted, in characters; longer tokens are rejected before any parsing.</summary>
    /// <value>Default 8,192.</value>
    [Range(256, 262_144)]
    public int MaxTokenLength { get; set; } = 8192;
}
