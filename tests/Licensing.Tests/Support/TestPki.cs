using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using System.Security.Cryptography.X509Certificates;
using Glyphh.Licensing.Issuing;

namespace Glyphh.Licensing.Tests.Support;

/// <summary>A real vendor PKI for tests: root, signing certificate, issuer.</summary>
internal sealed class TestPki
{
    public static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public const string Product = "glyphh-runtime";

    public TestPki(DateTimeOffset? start = null, LicenseKeyAlgorithm algorithm = LicenseKeyAlgorithm.EcdsaP256)
    {
        var begin = start ?? T0;
        Root = LicenseCertificateAuthority.CreateRootCertificate("Test License Root", begin.AddDays(-1), begin.AddYears(10), algorithm);
        Signing = LicenseCertificateAuthority.CreateSigningCertificate(Root, "Test License Signing", begin.AddDays(-1), begin.AddYears(2), LicenseSigningPurposes.All, algorithm);
        Issuer = new LicenseIssuer(Signing);
    }

    public X509Certificate2 Root { get; }

    public X509Certificate2 Signing { get; }

    public LicenseIssuer Issuer { get; }

    public string RootPem => Root.ExportCertificatePem();

    public LicenseVerifier Verifier(TimeProvider? time = null) => new([Root], time);

    public static LicenseClaims Claims(
        DateTimeOffset? notBefore = null,
        DateTimeOffset? expiresAt = null,
        string product = Product,
        DeploymentMode mode = DeploymentMode.SelfHosted,
        IReadOnlyList<string>? machines = null,
        bool callHome = false,
        IReadOnlyList<string>? features = null) => new()
        {
            LicenseId = "lic-0001",
            Customer = "Acme Corp",
            Product = product,
            Mode = mode,
            IssuedAt = notBefore ?? T0,
            NotBefore = notBefore ?? T0,
            ExpiresAt = expiresAt ?? T0.AddYears(1),
            Limits = new LicenseLimits(new Dictionary<string, long> { ["projects"] = 10, ["items"] = 50_000 }),
            Features = features ?? ["search"],
            MachineFingerprints = machines,
            CallHome = callHome,
        };

    public static LicenseVerificationContext Context(DeploymentMode mode = DeploymentMode.SelfHosted, string? fingerprint = null) => new()
    {
        Product = Product,
        Mode = mode,
        MachineFingerprint = fingerprint,
    };

    /// <summary>Signs arbitrary bytes with any certificate, bypassing the issuer's checks.</summary>
    public static byte[] SignRaw(byte[] content, X509Certificate2 certificate)
    {
        var cms = new SignedCms(new ContentInfo(content), detached: false);
        var signer = new CmsSigner(SubjectIdentifierType.IssuerAndSerialNumber, certificate) { IncludeOption = X509IncludeOption.EndCertOnly };
        cms.ComputeSignature(signer, silent: true);
        return cms.Encode();
    }

    /// <summary>A leaf certificate under <paramref name="issuer"/> with custom extended key usages (or none).</summary>
    public static X509Certificate2 Leaf(X509Certificate2 issuer, DateTimeOffset notBefore, DateTimeOffset notAfter, params string[] usages)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=Custom Leaf", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        if (usages.Length > 0)
        {
            var oids = new OidCollection();
            foreach (var usage in usages)
            {
                oids.Add(new Oid(usage));
            }

            request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(oids, false));
        }

        using var cert = request.Create(issuer, notBefore, notAfter, RandomNumberGenerator.GetBytes(12));
        return cert.CopyWithPrivateKey(key);
    }
}
