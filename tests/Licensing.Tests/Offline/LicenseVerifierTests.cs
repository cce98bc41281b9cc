using System.Text;
using Glyphh.Licensing.Issuing;
using Glyphh.Licensing.Tests.Support;

namespace Glyphh.Licensing.Tests.Offline;

public sealed class LicenseVerifierTests
{
    private static readonly TestPki Pki = new();
    private static readonly DateTimeOffset Now = TestPki.T0.AddDays(30);

    [Fact]
    public void Verify_ValidLicense_ReturnsValidWithClaims()
    {
        var license = Pki.Issuer.IssueLicense(TestPki.Claims());

        var result = Pki.Verifier().Verify(license, TestPki.Context(), Now);

        Assert.Equal(LicenseVerificationStatus.Valid, result.Status);
        Assert.True(result.IsValid);
        Assert.Equal("lic-0001", result.Claims!.LicenseId);
        Assert.Equal(10, result.Claims.Limits["projects"]);
        Assert.Equal(50_000, result.Claims.Limits["items"]);
        Assert.Equal(["search"], result.Claims.Features);
        Assert.Equal(DeploymentMode.SelfHosted, result.Claims.Mode);
        Assert.NotNull(result.SignerThumbprint);
    }

    [Fact]
    public void Verify_ExpiredLicense_ReturnsExpired()
    {
        var license = Pki.Issuer.IssueLicense(TestPki.Claims(expiresAt: Now.AddSeconds(-1)));

        var result = Pki.Verifier().Verify(license, TestPki.Context(), Now);

        Assert.Equal(LicenseVerificationStatus.Expired, result.Status);
        Assert.NotNull(result.Claims);
    }

    [Fact]
    public void Verify_UsesTimeProviderByDefault()
    {
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(Now);
        var license = Pki.Issuer.IssueLicense(TestPki.Claims(expiresAt: Now.AddDays(1)));
        var verifier = Pki.Verifier(time);

        Assert.Equal(LicenseVerificationStatus.Valid, verifier.Verify(license, TestPki.Context()).Status);
        time.Advance(TimeSpan.FromDays(1));
        Assert.Equal(LicenseVerificationStatus.Expired, verifier.Verify(license, TestPki.Context()).Status);
    }

    [Fact]
    public void Verify_NotYetValid_ReturnsNotYetValid()
    {
        var license = Pki.Issuer.IssueLicense(TestPki.Claims(notBefore: Now.AddDays(1), expiresAt: Now.AddDays(30)));

        var result = Pki.Verifier().Verify(license, TestPki.Context(), Now);

        Assert.Equal(LicenseVerificationStatus.NotYetValid, result.Status);
    }

    [Fact]
    public void Verify_TamperedContentByte_ReturnsBadSignature()
    {
        var der = Pki.Issuer.IssueLicenseDer(TestPki.Claims());
        var marker = Encoding.UTF8.GetBytes("Acme Corp");
        var at = der.AsSpan().IndexOf(marker);
        Assert.True(at > 0);
        der[at] = (byte)'X';

        var result = Pki.Verifier().Verify(LicenseArmor.Encode(der), TestPki.Context(), Now);

        Assert.Equal(LicenseVerificationStatus.BadSignature, result.Status);
        Assert.Null(result.Claims);
    }

    [Fact]
    public void Verify_WrongRoot_ReturnsUntrustedSigner()
    {
        var other = new TestPki();
        var license = other.Issuer.IssueLicense(TestPki.Claims());

        var result = Pki.Verifier().Verify(license, TestPki.Context(), Now);

        Assert.Equal(LicenseVerificationStatus.UntrustedSigner, result.Status);
        Assert.Contains("pinned root", result.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_SignerWithoutLicenseUsage_ReturnsUntrustedSigner()
    {
        using var leaf = TestPki.Leaf(Pki.Root, TestPki.T0, TestPki.T0.AddYears(1));
        var der = TestPki.SignRaw(TestPki.Claims().ToUtf8Json(), leaf);

        var result = Pki.Verifier().Verify(LicenseArmor.Encode(der), TestPki.Context(), Now);

        Assert.Equal(LicenseVerificationStatus.UntrustedSigner, result.Status);
        Assert.Contains(LicenseSigning.LicenseSigningOid, result.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_ReceiptOnlySigner_ReturnsUntrustedSigner()
    {
        using var leaf = TestPki.Leaf(Pki.Root, TestPki.T0, TestPki.T0.AddYears(1), LicenseSigning.ReceiptSigningOid);
        var der = TestPki.SignRaw(TestPki.Claims().ToUtf8Json(), leaf);

        var result = Pki.Verifier().Verify(LicenseArmor.Encode(der), TestPki.Context(), Now);

        Assert.Equal(LicenseVerificationStatus.UntrustedSigner, result.Status);
    }

    [Fact]
    public void Verify_ExpiredSignerCertificate_ReturnsUntrustedSigner()
    {
        using var leaf = TestPki.Leaf(Pki.Root, TestPki.T0, TestPki.T0.AddDays(10), LicenseSigning.LicenseSigningOid);
        var der = TestPki.SignRaw(TestPki.Claims().ToUtf8Json(), leaf);

        var result = Pki.Verifier().Verify(LicenseArmor.Encode(der), TestPki.Context(), Now);

        Assert.Equal(LicenseVerificationStatus.UntrustedSigner, result.Status);
        Assert.Contains("not valid at", result.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_WrongProduct_ReturnsWrongProduct()
    {
        var license = Pki.Issuer.IssueLicense(TestPki.Claims(product: "other-product"));

        var result = Pki.Verifier().Verify(license, TestPki.Context(), Now);

        Assert.Equal(LicenseVerificationStatus.WrongProduct, result.Status);
    }

    [Fact]
    public void Verify_WrongMode_ReturnsWrongMode()
    {
        var license = Pki.Issuer.IssueLicense(TestPki.Claims(mode: DeploymentMode.Cloud));

        var result = Pki.Verifier().Verify(license, TestPki.Context(DeploymentMode.SelfHosted), Now);

        Assert.Equal(LicenseVerificationStatus.WrongMode, result.Status);
    }

    [Fact]
    public void Verify_WrongMachine_ReturnsWrongMachine()
    {
        var bound = MachineFingerprint.Compute(TestPki.Product, "machine-a");
        var license = Pki.Issuer.IssueLicense(TestPki.Claims(machines: [bound]));

        var result = Pki.Verifier().Verify(license, TestPki.Context(fingerprint: MachineFingerprint.Compute(TestPki.Product, "machine-b")), Now);

        Assert.Equal(LicenseVerificationStatus.WrongMachine, result.Status);
    }

    [Fact]
    public void Verify_MachineBoundWithoutFingerprint_ReturnsWrongMachine()
    {
        var license = Pki.Issuer.IssueLicense(TestPki.Claims(machines: [MachineFingerprint.Compute(TestPki.Product, "machine-a")]));

        var result = Pki.Verifier().Verify(license, TestPki.Context(), Now);

        Assert.Equal(LicenseVerificationStatus.WrongMachine, result.Status);
    }

    [Fact]
    public void Verify_RightMachine_ReturnsValid()
    {
        var mine = MachineFingerprint.Compute(TestPki.Product, "machine-a");
        var license = Pki.Issuer.IssueLicense(TestPki.Claims(machines: [MachineFingerprint.Compute(TestPki.Product, "machine-z"), mine]));

        var result = Pki.Verifier().Verify(license, TestPki.Context(fingerprint: mine), Now);

        Assert.Equal(LicenseVerificationStatus.Valid, result.Status);
    }

    [Fact]
    public void Verify_Truncated_ReturnsMalformed()
    {
        var license = Pki.Issuer.IssueLicense(TestPki.Claims());

        var result = Pki.Verifier().Verify(license[..(license.Length / 2)], TestPki.Context(), Now);

        Assert.Equal(LicenseVerificationStatus.Malformed, result.Status);
    }

    [Fact]
    public void Verify_TruncatedBodyWithFooter_ReturnsMalformed()
    {
        var der = Pki.Issuer.IssueLicenseDer(TestPki.Claims());

        var result = Pki.Verifier().Verify(LicenseArmor.Encode(der.AsSpan(0, der.Length - 40)), TestPki.Context(), Now);

        Assert.Equal(LicenseVerificationStatus.Malformed, result.Status);
    }

    [Fact]
    public void Verify_MegabyteOfGarbage_ReturnsMalformed()
    {
        var garbage = LicenseSigning.ArmorHeader + "\n" + new string('A', 1024 * 1024) + "\n" + LicenseSigning.ArmorFooter;

        var result = Pki.Verifier().Verify(garbage, TestPki.Context(), Now);

        Assert.Equal(LicenseVerificationStatus.Malformed, result.Status);
        Assert.Contains("longer than", result.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_NotBase64_ReturnsMalformed()
    {
        var text = LicenseSigning.ArmorHeader + "\n!!!! not base64 ****\n" + LicenseSigning.ArmorFooter;

        var result = Pki.Verifier().Verify(text, TestPki.Context(), Now);

        Assert.Equal(LicenseVerificationStatus.Malformed, result.Status);
        Assert.Contains("base64", result.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("GLYPHH-ABCD-EFGH-JKMN-PQRS")]
    [InlineData("-----BEGIN GLYPHH LICENSE-----\nAAAA\n-----END GLYPHH LICENSE-----")]
    public void Verify_NotALicense_ReturnsMalformed(string? text)
    {
        var result = Pki.Verifier().Verify(text, TestPki.Context(), Now);

        Assert.Equal(LicenseVerificationStatus.Malformed, result.Status);
    }

    [Fact]
    public void Verify_ValidCmsOverInvalidJson_ReturnsMalformed()
    {
        var der = TestPki.SignRaw(Encoding.UTF8.GetBytes("{\"license_id\": 42, not json"), Pki.Signing);

        var result = Pki.Verifier().Verify(LicenseArmor.Encode(der), TestPki.Context(), Now);

        Assert.Equal(LicenseVerificationStatus.Malformed, result.Status);
        Assert.Contains("JSON", result.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_ValidCmsOverJsonMissingRequiredClaims_ReturnsMalformed()
    {
        var der = TestPki.SignRaw(Encoding.UTF8.GetBytes("{\"license_id\":\"x\",\"product\":\"glyphh-runtime\"}"), Pki.Signing);

        var result = Pki.Verifier().Verify(LicenseArmor.Encode(der), TestPki.Context(), Now);

        Assert.Equal(LicenseVerificationStatus.Malformed, result.Status);
    }

    [Fact]
    public void Verify_ReformattedArmor_StillValid()
    {
        var license = Pki.Issuer.IssueLicense(TestPki.Claims());
        var body = license.Replace(LicenseSigning.ArmorHeader, string.Empty, StringComparison.Ordinal)
            .Replace(LicenseSigning.ArmorFooter, string.Empty, StringComparison.Ordinal)
            .Replace("\n", string.Empty, StringComparison.Ordinal);
        var rewrapped = "license for Acme:\r\n" + LicenseSigning.ArmorHeader + "\r\n" + string.Join("\r\n", body.Chunk(40).Select(c => new string(c))) + "\r\n" + LicenseSigning.ArmorFooter + "\r\n";

        var result = Pki.Verifier().Verify(rewrapped, TestPki.Context(), Now);

        Assert.Equal(LicenseVerificationStatus.Valid, result.Status);
    }

    [Fact]
    public void Verify_RotatedSigningCertificateUnderSameRoot_ReturnsValid()
    {
        using var rotated = LicenseCertificateAuthority.CreateSigningCertificate(Pki.Root, "Rotated Signing", TestPki.T0, TestPki.T0.AddYears(1));
        var license = new LicenseIssuer(rotated).IssueLicense(TestPki.Claims());

        var result = Pki.Verifier().Verify(license, TestPki.Context(), Now);

        Assert.Equal(LicenseVerificationStatus.Valid, result.Status);
        Assert.NotEqual(Convert.ToHexStringLower(Pki.Signing.GetCertHash(System.Security.Cryptography.HashAlgorithmName.SHA256)), result.SignerThumbprint);
    }

    [Fact]
    public void Verify_TwoPinnedRoots_AcceptsBothDuringRollover()
    {
        var next = new TestPki();
        var verifier = new LicenseVerifier([Pki.Root, next.Root]);

        Assert.Equal(LicenseVerificationStatus.Valid, verifier.Verify(Pki.Issuer.IssueLicense(TestPki.Claims()), TestPki.Context(), Now).Status);
        Assert.Equal(LicenseVerificationStatus.Valid, verifier.Verify(next.Issuer.IssueLicense(TestPki.Claims()), TestPki.Context(), Now).Status);
    }

    [Fact]
    public void Verify_RsaSigner_ReturnsValid()
    {
        var rsa = new TestPki(algorithm: LicenseKeyAlgorithm.Rsa3072);
        var license = rsa.Issuer.IssueLicense(TestPki.Claims());

        var result = rsa.Verifier().Verify(license, TestPki.Context(), Now);

        Assert.Equal(LicenseVerificationStatus.Valid, result.Status);
    }

    [Fact]
    public void FromPem_TwoRoots_PinsBoth()
    {
        var next = new TestPki();

        var verifier = LicenseVerifier.FromPem(Pki.RootPem + next.RootPem);

        Assert.Equal(2, verifier.TrustedRoots.Count);
    }

    [Theory]
    [InlineData("")]
    [InlineData("-----BEGIN CERTIFICATE-----\nnot a cert\n-----END CERTIFICATE-----")]
    public void FromPem_NoCertificate_ThrowsWithCode(string pem)
    {
        var ex = Assert.Throws<GlyphhLicensingException>(() => LicenseVerifier.FromPem(pem));

        Assert.Equal(LicensingErrorCodes.InvalidRootCertificate, ex.ErrorCode);
    }

    [Fact]
    public void Verify_ClaimsBytesAreSignedVerbatim()
    {
        var claims = TestPki.Claims();
        var der = Pki.Issuer.IssueLicenseDer(claims);
        var cms = new System.Security.Cryptography.Pkcs.SignedCms();
        cms.Decode(der);

        Assert.Equal(claims.ToUtf8Json(), cms.ContentInfo.Content);
        var json = Encoding.UTF8.GetString(cms.ContentInfo.Content);
        Assert.Contains("\"license_id\":\"lic-0001\"", json, StringComparison.Ordinal);
        Assert.Contains("\"mode\":\"self-hosted\"", json, StringComparison.Ordinal);
        Assert.Contains("\"revalidate_hours\":24", json, StringComparison.Ordinal);
        Assert.Contains("\"grace_days\":7", json, StringComparison.Ordinal);
    }
}
