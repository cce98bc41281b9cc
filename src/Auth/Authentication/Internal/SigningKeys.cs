using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace Glyphh.Auth.Authentication.Internal;

/// <summary>The keys tokens may be signed with: the HS256 secret, configured PEM public keys and the latest JWKS.</summary>
internal sealed class SigningKeys
{
    private readonly SecurityKey[] _static;
    private volatile SecurityKey[] _current;
    private volatile HashSet<string> _jwksKeyIds = new(StringComparer.Ordinal);

    public SigningKeys(IOptions<GlyphhAuthOptions> options)
    {
        var jwt = options.Value.Jwt;
        var keys = new List<SecurityKey>();
        if (!string.IsNullOrEmpty(jwt.SecretKey))
        {
            keys.Add(new SymmetricSecurityKey(Encoding.UTF8.GetBytes(jwt.SecretKey)));
        }

        foreach (var pem in jwt.PublicKeys)
        {
            keys.Add(ReadPublicKey(pem, out _) ?? throw new InvalidOperationException("A configured public key could not be read."));
        }

        _static = [.. keys];
        _current = _static;
        Algorithms = ResolveAlgorithms(jwt);
    }

    public SecurityKey[] Current => _current;

    /// <summary>The accepted algorithms (explicit list, or derived from the configured keys).</summary>
    public IReadOnlyList<string> Algorithms { get; }

    public bool KnowsKeyId(string keyId) => _jwksKeyIds.Contains(keyId);

    public void SetJwks(IList<SecurityKey> jwksKeys)
    {
        _jwksKeyIds = new HashSet<string>(jwksKeys.Select(k => k.KeyId).Where(k => !string.IsNullOrEmpty(k)), StringComparer.Ordinal);
        _current = [.. _static, .. jwksKeys];
    }

    /// <summary>Reads an RSA or EC public key from PEM; private keys are refused so they never sit in configuration.</summary>
    public static SecurityKey? ReadPublicKey(string pem, out string? error)
    {
        error = null;
        if (string.IsNullOrWhiteSpace(pem) || pem.Contains("PRIVATE KEY", StringComparison.Ordinal))
        {
            error = "must be a PEM public key (BEGIN PUBLIC KEY), not a private key";
            return null;
        }

        try
        {
            var rsa = RSA.Create();
            rsa.ImportFromPem(pem);
            return new RsaSecurityKey(rsa);
        }
        catch (Exception e) when (e is ArgumentException or CryptographicException)
        {
        }

        try
        {
            var ec = ECDsa.Create();
            ec.ImportFromPem(pem);
            return new ECDsaSecurityKey(ec);
        }
        catch (Exception e) when (e is ArgumentException or CryptographicException)
        {
            error = "is not an RSA or EC public key in PEM form";
            return null;
        }
    }

    public static IReadOnlyList<string> ResolveAlgorithms(GlyphhJwtOptions jwt)
    {
        if (jwt.ValidAlgorithms.Count > 0)
        {
            return [.. jwt.ValidAlgorithms.Distinct(StringComparer.Ordinal)];
        }

        var algorithms = new List<string>();
        if (!string.IsNullOrEmpty(jwt.SecretKey))
        {
            algorithms.Add(SecurityAlgorithms.HmacSha256);
        }

        if (jwt.PublicKeys.Count > 0 || jwt.JwksUrl is not null)
        {
            algorithms.Add(SecurityAlgorithms.RsaSha256);
            algorithms.Add(SecurityAlgorithms.EcdsaSha256);
        }

        return algorithms;
    }

    public static readonly IReadOnlySet<string> Supported = new HashSet<string>(StringComparer.Ordinal)
    {
        "HS256", "HS384", "HS512", "RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512",
    };
}
