using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using System.Security.Cryptography.X509Certificates;

namespace Glyphh.Licensing.Issuing;

/// <summary>
/// Signs licenses and validation receipts with a signing certificate (see
/// <see cref="LicenseCertificateAuthority.CreateSigningCertificate"/>). The CMS SignedData carries the exact
/// JSON bytes as attached content, SHA-256, and the signing certificate (plus any intermediates), so any
/// CMS tool can verify it against the root.
/// </summary>
public sealed class LicenseIssuer
{
    private readonly X509Certificate2 _certificate;
    private readonly X509Certificate2Collection _intermediates;
    private readonly bool _canSignLicenses;
    private readonly bool _canSignReceipts;

    /// <summary>Creates an issuer.</summary>
    /// <param name="signingCertificate">The signing certificate with its private key.</param>
    /// <param name="intermediateCertificates">Certificates between the signer and the root, if any.</param>
    /// <exception cref="GlyphhLicensingException">The certificate has no private key or no Glyphh signing usage.</exception>
    public LicenseIssuer(X509Certificate2 signingCertificate, IEnumerable<X509Certificate2>? intermediateCertificates = null)
    {
        ArgumentNullException.ThrowIfNull(signingCertificate);
        if (!signingCertificate.HasPrivateKey)
        {
            throw new GlyphhLicensingException(LicensingErrorCodes.InvalidSigningCertificate, "The signing certificate has no private key.");
        }

        var usages = signingCertificate.Extensions.OfType<X509EnhancedKeyUsageExtension>()
            .SelectMany(e => e.EnhancedKeyUsages.Cast<Oid>())
            .Select(o => o.Value)
            .ToHashSet(StringComparer.Ordinal);
        _canSignLicenses = usages.Contains(LicenseSigning.LicenseSigningOid);
        _canSignReceipts = usages.Contains(LicenseSigning.ReceiptSigningOid);
        if (!_canSignLicenses && !_canSignReceipts)
        {
            throw new GlyphhLicensingException(LicensingErrorCodes.InvalidSigningCertificate, "The signing certificate carries neither Glyphh signing usage.");
        }

        _certificate = signingCertificate;
        _intermediates = [.. intermediateCertificates ?? []];
    }

    /// <summary>The signing certificate.</summary>
    public X509Certificate2 SigningCertificate => _certificate;

    /// <summary>Signs claims and returns the armored license.</summary>
    /// <param name="claims">The claims.</param>
    /// <returns>The armored license text.</returns>
    /// <exception cref="GlyphhLicensingException">The claims are inconsistent or the certificate may not sign licenses.</exception>
    public string IssueLicense(LicenseClaims claims) => LicenseArmor.Encode(IssueLicenseDer(claims));

    /// <summary>Signs claims and returns the DER CMS SignedData.</summary>
    /// <param name="claims">The claims.</param>
    /// <returns>The DER bytes.</returns>
    /// <exception cref="GlyphhLicensingException">The claims are inconsistent or the certificate may not sign licenses.</exception>
    public byte[] IssueLicenseDer(LicenseClaims claims)
    {
        ArgumentNullException.ThrowIfNull(claims);
        if (!_canSignLicenses)
        {
            throw new GlyphhLicensingException(LicensingErrorCodes.InvalidSigningCertificate, "The signing certificate may not sign licenses (no license-signing usage).");
        }

        var problem = claims.Validate();
        if (problem is not null)
        {
            throw new GlyphhLicensingException(LicensingErrorCodes.InvalidClaims, "The license claims are inconsistent: " + problem);
        }

        return Sign(claims.ToUtf8Json());
    }

    /// <summary>Signs a receipt and returns the DER CMS SignedData.</summary>
    /// <param name="receipt">The receipt.</param>
    /// <returns>The DER bytes.</returns>
    /// <exception cref="GlyphhLicensingException">The receipt is incomplete or the certificate may not sign receipts.</exception>
    public byte[] SignReceipt(LicenseReceipt receipt)
    {
        ArgumentNullException.ThrowIfNull(receipt);
        if (!_canSignReceipts)
        {
            throw new GlyphhLicensingException(LicensingErrorCodes.InvalidSigningCertificate, "The signing certificate may not sign receipts (no receipt-signing usage).");
        }

        if (string.IsNullOrEmpty(receipt.LicenseId) || string.IsNullOrEmpty(receipt.Nonce) || string.IsNullOrEmpty(receipt.Product) || !Enum.IsDefined(receipt.Status))
        {
            throw new GlyphhLicensingException(LicensingErrorCodes.InvalidClaims, "A receipt needs license_id, nonce, product and a known status.");
        }

        return Sign(receipt.ToUtf8Json());
    }

    /// <summary>Signs a receipt and wraps it in the <c>200 OK</c> body of <c>POST /api/v1/licenses/validate</c>.</summary>
    /// <param name="receipt">The receipt.</param>
    /// <returns>The response body.</returns>
    public LicenseValidationResponse CreateValidationResponse(LicenseReceipt receipt)
        => new() { Receipt = Convert.ToBase64String(SignReceipt(receipt)) };

    private byte[] Sign(byte[] content)
    {
        var cms = new SignedCms(new ContentInfo(content), detached: false);
        var signer = new CmsSigner(SubjectIdentifierType.IssuerAndSerialNumber, _certificate)
        {
            DigestAlgorithm = new Oid("2.16.840.1.101.3.4.2.1"),
            IncludeOption = X509IncludeOption.EndCertOnly,
        };
        signer.Certificates.AddRange(_intermediates);
        try
        {
            cms.ComputeSignature(signer, silent: true);
        }
        catch (CryptographicException ex)
        {
            throw new GlyphhLicensingException(LicensingErrorCodes.InvalidSigningCertificate, "The signing certificate cannot sign: " + ex.Message, ex);
        }

        return cms.Encode();
    }
}
