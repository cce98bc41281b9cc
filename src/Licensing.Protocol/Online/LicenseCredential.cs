using System.Security.Cryptography;
using System.Text;

namespace Glyphh.Licensing;

/// <summary>
/// The credential a validation request proves and a receipt names: an online key, or possession of a signed
/// license (its DER bytes). A license id alone is public (printed in files and status pages) and never a credential.
/// </summary>
public static class LicenseCredential
{
    private const string ProofLabel = "glyphh-license-proof-v1";

    /// <summary>The name of an online key's credential: <c>key:</c> and the lowercase hex SHA-256 of the canonical key.</summary>
    /// <param name="key">A well-formed online key (any accepted spelling).</param>
    /// <returns>The credential name a receipt for this key carries.</returns>
    /// <exception cref="ArgumentException">The key is not well formed.</exception>
    public static string ForKey(string key)
    {
        if (!OnlineLicenseKey.TryNormalize(key, out var canonical))
        {
            throw new ArgumentException("The online key is not well formed.", nameof(key));
        }

        return "key:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.ASCII.GetBytes(canonical)));
    }

    /// <summary>The name of a signed license's credential: <c>license:</c> and the lowercase hex SHA-256 of its DER bytes.</summary>
    /// <param name="licenseDer">The license's DER CMS SignedData.</param>
    /// <returns>The credential name a receipt for this license carries.</returns>
    public static string ForLicense(ReadOnlySpan<byte> licenseDer) => "license:" + Convert.ToHexStringLower(SHA256.HashData(licenseDer));

    /// <summary>
    /// Proof of possession of a signed license for one request: lowercase hex HMAC-SHA256 keyed with the license's DER
    /// bytes over the nonce, fingerprint and product. Only a holder of the license file can compute it, and it is bound
    /// to the request, so a captured proof takes no seat for another machine.
    /// </summary>
    /// <param name="licenseDer">The license's DER CMS SignedData (the secret).</param>
    /// <param name="nonce">The request's nonce.</param>
    /// <param name="fingerprint">The request's machine fingerprint.</param>
    /// <param name="product">The request's product.</param>
    /// <returns>64 lowercase hex characters.</returns>
    public static string Proof(ReadOnlySpan<byte> licenseDer, string nonce, string fingerprint, string product)
    {
        ArgumentNullException.ThrowIfNull(nonce);
        ArgumentNullException.ThrowIfNull(fingerprint);
        ArgumentNullException.ThrowIfNull(product);
        var message = Encoding.UTF8.GetBytes($"{ProofLabel}\n{nonce}\n{fingerprint}\n{product}");
        return Convert.ToHexStringLower(HMACSHA256.HashData(licenseDer, message));
    }

    /// <summary>Whether the request carries the proof for this license, compared in constant time.</summary>
    /// <param name="licenseDer">The license's DER CMS SignedData.</param>
    /// <param name="request">The validation request.</param>
    /// <returns><see langword="true"/> when the request carries the right proof.</returns>
    public static bool VerifyProof(ReadOnlySpan<byte> licenseDer, LicenseValidationRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Proof is not { Length: 64 } proof)
        {
            return false;
        }

        var expected = Proof(licenseDer, request.Nonce, request.Fingerprint, request.Product);
        return CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(proof));
    }
}
