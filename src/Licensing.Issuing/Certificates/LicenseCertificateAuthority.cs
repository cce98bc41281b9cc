using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Glyphh.Licensing.Issuing;

/// <summary>
/// Creates the vendor's certificates: a long-lived root (pinned by products) and short-lived signing
/// certificates under it. Rotating keys is issuing a new signing certificate under the same root: products
/// need no release. A root rollover is pinning the new root beside the old one first.
/// </summary>
public static class LicenseCertificateAuthority
{
    /// <summary>Creates a self-signed root certificate with its private key.</summary>
    /// <param name="commonName">The subject common name, e.g. <c>Glyphh License Root 2026</c>.</param>
    /// <param name="notBefore">Start of validity.</param>
    /// <param name="notAfter">End of validity.</param>
    /// <param name="algorithm">The key algorithm.</param>
    /// <returns>The root certificate with its private key.</returns>
    public static X509Certificate2 CreateRootCertificate(string commonName, DateTimeOffset notBefore, DateTimeOffset notAfter, LicenseKeyAlgorithm algorithm = LicenseKeyAlgorithm.EcdsaP256)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(commonName);
        CheckValidity(notBefore, notAfter);
        using var key = CreateKey(algorithm);
        var request = CreateRequest(commonName, key);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, 1, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        return request.CreateSelfSigned(notBefore, notAfter);
    }

    /// <summary>
    /// Creates a signing certificate under <paramref name="issuer"/> carrying the extended key usages of
    /// <paramref name="purposes"/>. Its validity is clipped to the issuer's. Licenses are verified at the
    /// current time, so a signing certificate must outlive the licenses it signs.
    /// </summary>
    /// <param name="issuer">The root (or an intermediate) with its private key.</param>
    /// <param name="commonName">The subject common name, e.g. <c>Glyphh License Signing 2026-11</c>.</param>
    /// <param name="notBefore">Start of validity.</param>
    /// <param name="notAfter">End of validity.</param>
    /// <param name="purposes">What it may sign.</param>
    /// <param name="algorithm">The key algorithm.</param>
    /// <returns>The signing certificate with its private key.</returns>
    /// <exception cref="GlyphhLicensingException">The issuer has no private key or is not a CA.</exception>
    public static X509Certificate2 CreateSigningCertificate(
        X509Certificate2 issuer,
        string commonName,
        DateTimeOffset notBefore,
        DateTimeOffset notAfter,
        LicenseSigningPurposes purposes = LicenseSigningPurposes.All,
        LicenseKeyAlgorithm algorithm = LicenseKeyAlgorithm.EcdsaP256)
    {
        ArgumentNullException.ThrowIfNull(issuer);
        ArgumentException.ThrowIfNullOrWhiteSpace(commonName);
        if (!issuer.HasPrivateKey)
        {
            throw new GlyphhLicensingException(LicensingErrorCodes.InvalidSigningCertificate, "The issuer certificate has no private key.");
        }

        if (issuer.Extensions.OfType<X509BasicConstraintsExtension>().FirstOrDefault() is not { CertificateAuthority: true })
        {
            throw new GlyphhLicensingException(LicensingErrorCodes.InvalidSigningCertificate, "The issuer certificate is not a certificate authority.");
        }

        if ((purposes & LicenseSigningPurposes.All) == 0)
        {
            throw new ArgumentOutOfRangeException(nameof(purposes), purposes, "At least one signing purpose is required.");
        }

        var issuerStart = new DateTimeOffset(issuer.NotBefore.ToUniversalTime());
        var issuerEnd = new DateTimeOffset(issuer.NotAfter.ToUniversalTime());
        notBefore = notBefore < issuerStart ? issuerStart : notBefore;
        notAfter = notAfter > issuerEnd ? issuerEnd : notAfter;
        CheckValidity(notBefore, notAfter);

        using var key = CreateKey(algorithm);
        var request = CreateRequest(commonName, key);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        var usages = new OidCollection();
        if (purposes.HasFlag(LicenseSigningPurposes.Licenses))
        {
            usages.Add(new Oid(LicenseSigning.LicenseSigningOid));
        }

        if (purposes.HasFlag(LicenseSigningPurposes.Receipts))
        {
            usages.Add(new Oid(LicenseSigning.ReceiptSigningOid));
        }

        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(usages, false));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(issuer, true, false));
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7F;
        using var unsigned = request.Create(issuer, notBefore, notAfter, serial);
        return key switch
        {
            ECDsa ecdsa => unsigned.CopyWithPrivateKey(ecdsa),
            RSA rsa => unsigned.CopyWithPrivateKey(rsa),
            _ => throw new GlyphhLicensingException(LicensingErrorCodes.InvalidSigningCertificate, "Unsupported key type."),
        };
    }

    /// <summary>Exports a certificate's private key as PKCS#8 PEM (<c>PRIVATE KEY</c>), to keep beside its certificate PEM.</summary>
    /// <param name="certificate">A certificate with an ECDSA or RSA private key.</param>
    /// <returns>The PEM text.</returns>
    /// <exception cref="GlyphhLicensingException">The certificate has no exportable ECDSA or RSA private key.</exception>
    public static string ExportPrivateKeyPem(X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        using var ecdsa = certificate.GetECDsaPrivateKey();
        if (ecdsa is not null)
        {
            return ecdsa.ExportPkcs8PrivateKeyPem();
        }

        using var rsa = certificate.GetRSAPrivateKey();
        if (rsa is not null)
        {
            return rsa.ExportPkcs8PrivateKeyPem();
        }

        throw new GlyphhLicensingException(LicensingErrorCodes.InvalidSigningCertificate, "The certificate has no ECDSA or RSA private key.");
    }

    /// <summary>Loads a certificate and its private key from PEM text (as written by <see cref="X509Certificate2.ExportCertificatePem"/> and <see cref="ExportPrivateKeyPem"/>).</summary>
    /// <param name="certificatePem">The certificate PEM.</param>
    /// <param name="privateKeyPem">The private key PEM.</param>
    /// <returns>The certificate with its private key.</returns>
    /// <exception cref="GlyphhLicensingException">The PEM cannot be read or the key does not match.</exception>
    public static X509Certificate2 LoadFromPem(string certificatePem, string privateKeyPem)
    {
        ArgumentNullException.ThrowIfNull(certificatePem);
        ArgumentNullException.ThrowIfNull(privateKeyPem);
        try
        {
            return X509Certificate2.CreateFromPem(certificatePem, privateKeyPem);
        }
        catch (CryptographicException ex)
        {
            throw new GlyphhLicensingException(LicensingErrorCodes.InvalidSigningCertificate, "The certificate or private key PEM cannot be read: " + ex.Message, ex);
        }
    }

    private static AsymmetricAlgorithm CreateKey(LicenseKeyAlgorithm algorithm) => algorithm switch
    {
        LicenseKeyAlgorithm.EcdsaP256 => ECDsa.Create(ECCurve.NamedCurves.nistP256),
        LicenseKeyAlgorithm.Rsa3072 => RSA.Create(3072),
        _ => throw new ArgumentOutOfRangeException(nameof(algorithm), algorithm, "Unknown key algorithm."),
    };

    private static CertificateRequest CreateRequest(string commonName, AsymmetricAlgorithm key)
    {
        var subject = new X500DistinguishedNameBuilder();
        subject.AddCommonName(commonName);
        var name = subject.Build();
        return key switch
        {
            ECDsa ecdsa => new CertificateRequest(name, ecdsa, HashAlgorithmName.SHA256),
            RSA rsa => new CertificateRequest(name, rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1),
            _ => throw new ArgumentOutOfRangeException(nameof(key)),
        };
    }

    private static void CheckValidity(DateTimeOffset notBefore, DateTimeOffset notAfter)
    {
        if (notAfter <= notBefore)
        {
            throw new ArgumentOutOfRangeException(nameof(notAfter), notAfter, "The validity must end after it starts (and within the issuer's validity).");
        }
    }
}
