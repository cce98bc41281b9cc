using System.Security.Cryptography.X509Certificates;
using System.Text;
using Glyphh.Fuzz.Tests.Support;
using Glyphh.Licensing;
using Glyphh.Licensing.Issuing;

namespace Glyphh.Fuzz.Tests.Licensing;

/// <summary>Validation receipts and the validate-endpoint JSON: mutated, foreign and random input gets a typed answer, never a forged receipt.</summary>
public sealed class ReceiptFuzzTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset At = T0.AddDays(30);
    private static readonly X509Certificate2 Root = LicenseCertificateAuthority.CreateRootCertificate("Fuzz Root", T0.AddDays(-1), T0.AddYears(10));
    private static readonly LicenseIssuer Issuer = new(LicenseCertificateAuthority.CreateSigningCertificate(Root, "Fuzz Receipts", T0.AddDays(-1), T0.AddYears(2), LicenseSigningPurposes.Receipts));
    private static readonly LicenseIssuer LicensesOnly = new(LicenseCertificateAuthority.CreateSigningCertificate(Root, "Fuzz Licenses", T0.AddDays(-1), T0.AddYears(2), LicenseSigningPurposes.Licenses));
    private static readonly LicenseVerifier Verifier = new([Root]);

    private static readonly LicenseReceipt Receipt = new()
    {
        LicenseId = "lic-1",
        Product = "glyphh-runtime",
        Nonce = "bm9uY2Utbm9uY2Utbm9uY2U",
        ServerTime = At,
        Status = LicenseReceiptStatus.Valid,
        ExpiresAt = T0.AddYears(1),
        GraceDays = 7,
    };

    private static readonly byte[] Der = Issuer.SignReceipt(Receipt);

    [Fact]
    public void VerifyReceipt_Original_IsValid() => Assert.True(Verifier.VerifyReceipt(Der, At).IsValid);

    [Fact]
    public void VerifyReceipt_Mutations_NeverValidWithOtherContent()
    {
        var original = Encoding.UTF8.GetString(Receipt.ToUtf8Json());
        var mutator = new Mutator(9101);
        for (var i = 0; i < 2000; i++)
        {
            var input = i < Der.Length ? Truncate(i) : mutator.Mutate(Der);
            var result = LicenseVerifierFuzzTests.Check(() => Verifier.VerifyReceipt(input, At), mutator.Seed, i);
            if (result.IsValid)
            {
                Assert.True(original == Encoding.UTF8.GetString(result.Receipt!.ToUtf8Json()), $"seed {mutator.Seed} #{i}: a mutated receipt verified with other content");
            }
            else
            {
                Assert.False(string.IsNullOrWhiteSpace(result.Detail));
            }
        }
    }

    [Fact]
    public void VerifyReceipt_SignedByLicenseOnlyCertificateOrALicense_NotValid()
    {
        // A key that may only sign licenses cannot vouch for a receipt, and a license is not a receipt.
        Assert.Throws<GlyphhLicensingException>(() => LicensesOnly.SignReceipt(Receipt));
        var license = LicensesOnly.IssueLicenseDer(new LicenseClaims
        {
            LicenseId = "lic-1", Customer = "c", Product = "glyphh-runtime", Mode = DeploymentMode.SelfHosted,
            IssuedAt = T0, NotBefore = T0, ExpiresAt = T0.AddYears(1),
        });
        Assert.False(Verifier.VerifyReceipt(license, At).IsValid);
    }

    [Fact]
    public void ValidationJson_RandomAndMutatedBodies_TryParseNeverThrows()
    {
        var mutator = new Mutator(9102);
        var response = Issuer.CreateValidationResponse(Receipt).ToUtf8Json();
        var request = new LicenseValidationRequest { Fingerprint = new string('a', 64), Nonce = "n", Product = "p", Version = "1", LicenseKey = "GLYPHH-0000-0000-0000-0000" }.ToUtf8Json();
        var parsedResponses = 0;
        for (var i = 0; i < 2000; i++)
        {
            var body = mutator.Mutate(i % 2 == 0 ? response : request);
            var ok = LicenseVerifierFuzzTests.Check(() => LicenseValidationResponse.TryParse(body, out var parsed) ? parsed : null, mutator.Seed, i);
            if (ok is not null)
            {
                parsedResponses++;
                // Whatever the JSON said, the receipt inside still has to verify.
                var der = LicenseVerifierFuzzTests.Check(() => Convert.TryFromBase64String(ok.Receipt, new byte[ok.Receipt.Length], out _) ? Convert.FromBase64String(ok.Receipt) : [], mutator.Seed, i);
                LicenseVerifierFuzzTests.Check(() => Verifier.VerifyReceipt(der, At), mutator.Seed, i);
            }
            LicenseVerifierFuzzTests.Check(() => LicenseValidationRequest.TryParse(body, out _, out _), mutator.Seed, i);
        }
        Assert.True(parsedResponses > 0, "no mutated response parsed: the suite exercises nothing past the parser");
    }

    [Fact]
    public void OnlineKeysAndFingerprints_RandomText_NeverThrow()
    {
        var mutator = new Mutator(9103);
        var key = OnlineLicenseKeyGenerator.Generate();
        Assert.True(OnlineLicenseKey.IsWellFormed(key));
        for (var i = 0; i < 3000; i++)
        {
            var text = i % 2 == 0 ? mutator.Mutate(key) : mutator.RandomText(80);
            var wellFormed = LicenseVerifierFuzzTests.Check(() => OnlineLicenseKey.IsWellFormed(text), mutator.Seed, i);
            var normalized = LicenseVerifierFuzzTests.Check(() => OnlineLicenseKey.TryNormalize(text, out var n) ? n : null, mutator.Seed, i);
            if (normalized is not null)
            {
                // Whatever normalizes is a well-formed key with a valid check character.
                Assert.True(OnlineLicenseKey.IsWellFormed(normalized), $"'{normalized}' normalized but is not well formed");
            }
            if (wellFormed)
            {
                Assert.NotNull(normalized);
            }
            LicenseVerifierFuzzTests.Check(() => MachineFingerprint.IsWellFormed(text), mutator.Seed, i);
            LicenseVerifierFuzzTests.Check(() => LicenseArmor.TryDecode(text, out _, out _), mutator.Seed, i);
        }
    }

    private static byte[] Truncate(int length) => Der[..length];
}
