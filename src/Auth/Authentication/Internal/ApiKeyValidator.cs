using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Glyphh.Auth.Authorization.Internal;
using Microsoft.Extensions.Options;

namespace Glyphh.Auth.Authentication.Internal;

/// <summary>Checks API keys against configured SHA-256 hashes in constant time.</summary>
internal sealed class ApiKeyValidator
{
    public const string AuthenticationType = "apikey";
    private const int MaxKeyLength = 1024;

    private readonly Key[] _keys;

    public ApiKeyValidator(IOptions<GlyphhAuthOptions> options)
    {
        _keys = [.. options.Value.ApiKeys.Select(k =>
        {
            GrantsParser.TryParse(k.Permissions, out var grants, out _);
            return new Key(k.Name, Convert.FromHexString(k.Sha256), grants);
        })];
    }

    public CredentialResult Validate(string presented)
    {
        if (presented.Length == 0 || presented.Length > MaxKeyLength)
        {
            return CredentialResult.Fail("the API key is not valid");
        }

        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(presented), hash);
        Key? match = null;
        foreach (var key in _keys)
        {
            // Compare against every key so timing does not reveal which one (or whether any) matched early.
            if (CryptographicOperations.FixedTimeEquals(hash, key.Hash))
            {
                match ??= key;
            }
        }

        if (match is null)
        {
            return CredentialResult.Fail("the API key is not valid");
        }

        Claim[] claims =
        [
            new(GlyphhAuthDefaults.SubjectClaim, match.Name),
            new("auth_method", AuthenticationType),
        ];
        return CredentialResult.Success(new ClaimsPrincipal(new GlyphhIdentity(claims, AuthenticationType, match.Grants)));
    }

    private sealed record Key(string Name, byte[] Hash, NamespaceGrants Grants);
}
