using System.Text;
using Glyphh.Licensing.Issuing;
using Glyphh.Licensing.Tests.Support;

namespace Glyphh.Licensing.Tests.Online;

public sealed class ReceiptTests
{
    private static readonly TestPki Pki = new();
    private static readonly DateTimeOffset Now = TestPki.T0.AddDays(3);

    private static LicenseReceipt Receipt(LicenseReceiptStatus status = LicenseReceiptStatus.Valid) => new()
    {
        LicenseId = "lic-0001",
        Nonce = "abc123",
        ServerTime = Now,
        Status = status,
        Product = TestPki.Product,
        NextValidationAt = Now.AddHours(24),
        Limits = new LicenseLimits(new Dictionary<string, long> { ["projects"] = 3 }),
    };

    [Fact]
    public void VerifyReceipt_SignedByIssuer_ReturnsReceipt()
    {
        var response = Pki.Issuer.CreateValidationResponse(Receipt(LicenseReceiptStatus.TooManyMachines));

        var result = Pki.Verifier().VerifyReceipt(Convert.FromBase64String(response.Receipt), Now);

        Assert.True(result.IsValid, result.Detail);
        Assert.Equal(LicenseReceiptStatus.TooManyMachines, result.Receipt!.Status);
        Assert.Equal("abc123", result.Receipt.Nonce);
        Assert.Equal(3, result.Receipt.Limits!["projects"]);
    }

    [Fact]
    public void VerifyReceipt_LicenseOnlySigner_ReturnsUntrustedSigner()
    {
        using var licenses = LicenseCertificateAuthority.CreateSigningCertificate(Pki.Root, "Licenses only", TestPki.T0, TestPki.T0.AddYears(1), LicenseSigningPurposes.Licenses);
        var der = TestPki.SignRaw(Receipt().ToUtf8Json(), licenses);

        var result = Pki.Verifier().VerifyReceipt(der, Now);

        Assert.Equal(LicenseVerificationStatus.UntrustedSigner, result.Status);
    }

    [Fact]
    public void VerifyReceipt_Tampered_ReturnsBadSignature()
    {
        var der = Pki.Issuer.SignReceipt(Receipt());
        var at = der.AsSpan().IndexOf("abc123"u8);
        der[at] = (byte)'x';

        var result = Pki.Verifier().VerifyReceipt(der, Now);

        Assert.Equal(LicenseVerificationStatus.BadSignature, result.Status);
    }

    [Fact]
    public void VerifyReceipt_UnknownStatus_ReturnsMalformed()
    {
        var json = Encoding.UTF8.GetString(Receipt().ToUtf8Json()).Replace("\"valid\"", "\"forever\"", StringComparison.Ordinal);
        var der = TestPki.SignRaw(Encoding.UTF8.GetBytes(json), Pki.Signing);

        var result = Pki.Verifier().VerifyReceipt(der, Now);

        Assert.Equal(LicenseVerificationStatus.Malformed, result.Status);
    }

    [Fact]
    public void VerifyReceipt_Garbage_ReturnsMalformed()
    {
        var result = Pki.Verifier().VerifyReceipt(Encoding.UTF8.GetBytes("hello"), Now);

        Assert.Equal(LicenseVerificationStatus.Malformed, result.Status);
    }

    [Fact]
    public void ReceiptJson_UsesContractNames()
    {
        var json = Encoding.UTF8.GetString(Receipt(LicenseReceiptStatus.TooManyMachines).ToUtf8Json());

        Assert.Contains("\"status\":\"too_many_machines\"", json, StringComparison.Ordinal);
        Assert.Contains("\"server_time\":", json, StringComparison.Ordinal);
        Assert.Contains("\"next_validation_at\":", json, StringComparison.Ordinal);
        Assert.DoesNotContain("\"message\"", json, StringComparison.Ordinal);
    }
}
