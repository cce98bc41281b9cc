using System.Security.Cryptography.X509Certificates;
using Glyphh.Licensing.Issuing;
using Glyphh.Licensing.Tests.Support;

namespace Glyphh.Licensing.Tests.Issuing;

public sealed class LicenseIssuerTests
{
    private static readonly TestPki Pki = new();

    [Fact]
    public void IssueLicense_ArmorsIn64CharacterLines()
    {
        var license = Pki.Issuer.IssueLicense(TestPki.Claims());
        var lines = license.TrimEnd('\n').Split('\n');

        Assert.Equal(LicenseSigning.ArmorHeader, lines[0]);
        Assert.Equal(LicenseSigning.ArmorFooter, lines[^1]);
        Assert.All(lines[1..^2], l => Assert.Equal(64, l.Length));
        Assert.InRange(lines[^2].Length, 1, 64);
    }

    [Fact]
    public void IssueLicense_InconsistentClaims_ThrowsInvalidClaims()
    {
        var claims = TestPki.Claims(notBefore: TestPki.T0, expiresAt: TestPki.T0);

        var ex = Assert.Throws<GlyphhLicensingException>(() => Pki.Issuer.IssueLicense(claims));

        Assert.Equal(LicensingErrorCodes.InvalidClaims, ex.ErrorCode);
    }

    [Fact]
    public void IssueLicense_ReceiptOnlyCertificate_ThrowsInvalidSigningCertificate()
    {
        using var receipts = LicenseCertificateAuthority.CreateSigningCertificate(Pki.Root, "Receipts", TestPki.T0, TestPki.T0.AddYears(1), LicenseSigningPurposes.Receipts);
        var issuer = new LicenseIssuer(receipts);

        var ex = Assert.Throws<GlyphhLicensingException>(() => issuer.IssueLicense(TestPki.Claims()));

        Assert.Equal(LicensingErrorCodes.InvalidSigningCertificate, ex.ErrorCode);
    }

    [Fact]
    public void Constructor_CertificateWithoutPrivateKey_Throws()
    {
        using var publicOnly = X509CertificateLoader.LoadCertificate(Pki.Signing.RawData);

        var ex = Assert.Throws<GlyphhLicensingException>(() => new LicenseIssuer(publicOnly));

        Assert.Equal(LicensingErrorCodes.InvalidSigningCertificate, ex.ErrorCode);
    }

    [Fact]
    public void CreateSigningCertificate_IssuerNotCa_Throws()
    {
        var ex = Assert.Throws<GlyphhLicensingException>(() => LicenseCertificateAuthority.CreateSigningCertificate(Pki.Signing, "Nested", TestPki.T0, TestPki.T0.AddYears(1)));

        Assert.Equal(LicensingErrorCodes.InvalidSigningCertificate, ex.ErrorCode);
    }

    [Fact]
    public void CreateSigningCertificate_ClipsValidityToRoot()
    {
        using var signing = LicenseCertificateAuthority.CreateSigningCertificate(Pki.Root, "Long", TestPki.T0, TestPki.T0.AddYears(50));

        Assert.True(signing.NotAfter <= Pki.Root.NotAfter);
    }

    [Fact]
    public void ExportPrivateKeyPem_RoundTripsThroughLoadFromPem()
    {
        var certificatePem = Pki.Signing.ExportCertificatePem();
        var keyPem = LicenseCertificateAuthority.ExportPrivateKeyPem(Pki.Signing);

        using var loaded = LicenseCertificateAuthority.LoadFromPem(certificatePem, keyPem);
        var license = new LicenseIssuer(loaded).IssueLicense(TestPki.Claims());

        Assert.True(Pki.Verifier().Verify(license, TestPki.Context(), TestPki.T0.AddDays(1)).IsValid);
        Assert.Contains("BEGIN PRIVATE KEY", keyPem, StringComparison.Ordinal);
    }

    [Fact]
    public void LoadFromPem_Garbage_ThrowsInvalidSigningCertificate()
    {
        var ex = Assert.Throws<GlyphhLicensingException>(() => LicenseCertificateAuthority.LoadFromPem("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----", "nope"));

        Assert.Equal(LicensingErrorCodes.InvalidSigningCertificate, ex.ErrorCode);
    }
}
