using System.Security.Cryptography.X509Certificates;
using System.Text;
using Glyphh.Fuzz.Tests.Support;
using Glyphh.Licensing;
using Glyphh.Licensing.Issuing;

namespace Glyphh.Fuzz.Tests.Licensing;

/// <summary>
/// Mutated, truncated, oversized and foreign license files through the public <see cref="LicenseVerifier"/>:
/// each answer is a typed result (never an exception) and no mutation ever yields a valid license with other claims.
/// </summary>
public sealed class LicenseVerifierFuzzTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset At = T0.AddDays(30);
    private const string Product = "glyphh-runtime";

    private static readonly X509Certificate2 Root = LicenseCertificateAuthority.CreateRootCertificate("Fuzz Root", T0.AddDays(-1), T0.AddYears(10));
    private static readonly LicenseIssuer Issuer = new(LicenseCertificateAuthority.CreateSigningCertificate(Root, "Fuzz Signing", T0.AddDays(-1), T0.AddYears(2)));
    private static readonly LicenseVerifier Verifier = new([Root]);
    private static readonly LicenseVerificationContext Context = new() { Product = Product, Mode = DeploymentMode.SelfHosted };

    private static readonly LicenseClaims Claims = new()
    {
        LicenseId = "lic-fuzz-1",
        Customer = "Acme",
        Product = Product,
        Mode = DeploymentMode.SelfHosted,
        IssuedAt = T0,
        NotBefore = T0,
        ExpiresAt = T0.AddYears(1),
        Limits = new LicenseLimits(new Dictionary<string, long> { ["projects"] = 10, ["items"] = 50_000 }),
        Features = ["search"],
    };

    private static readonly string Armored = Issuer.IssueLicense(Claims);
    private static readonly byte[] Der = Issuer.IssueLicenseDer(Claims);

    [Fact]
    public void Verify_Original_IsValid()
    {
        // The oracle below is only meaningful if the unmutated license verifies.
        var result = Verifier.Verify(Armored, Context, At);
        Assert.True(result.IsValid, result.ToString());
        Assert.True(Verifier.VerifyDer(Der, Context, At).IsValid);
    }

    [Fact]
    public void Verify_MutatedArmoredText_TypedResultNeverOtherClaims()
    {
        var mutator = new Mutator(9001);
        var stillValid = 0;
        for (var i = 0; i < 1500; i++)
        {
            var input = mutator.Mutate(Armored);
            var result = Check(() => Verifier.Verify(input, Context, At), mutator.Seed, i);
            if (result.IsValid)
            {
                stillValid++;
                // Only a change that leaves the signed bytes intact (wrapping, text around the armor) may still verify.
                // The security property: whatever verifies carries exactly the signed claims. CMS leaves some
                // envelope bytes unsigned (the digest-algorithm set, the certificate bag), so DER may differ.
                Assert.True(result.Claims!.ToUtf8Json().AsSpan().SequenceEqual(Claims.ToUtf8Json()), $"seed {mutator.Seed} #{i}: mutated text verified with other claims");
            }
            else
            {
                Assert.False(string.IsNullOrWhiteSpace(result.Detail));
            }
        }
        Assert.True(stillValid < 1500, "every mutation verified: the mutator does nothing");
    }

    [Fact]
    public void VerifyDer_BitFlipsAndByteMutations_NeverValidWithOtherClaims()
    {
        var original = Encoding.UTF8.GetString(Claims.ToUtf8Json());
        var mutator = new Mutator(9002);
        // Every single bit of the DER flipped once, then random multi-byte mutations.
        for (var bit = 0; bit < Der.Length * 8; bit += 3)
        {
            var flipped = (byte[])Der.Clone();
            flipped[bit / 8] ^= (byte)(1 << (bit % 8));
            var result = Check(() => Verifier.VerifyDer(flipped, Context, At), 0, bit);
            AssertNoForgery(result, original, $"bit {bit}");
        }
        for (var i = 0; i < 1000; i++)
        {
            var input = mutator.Mutate(Der);
            var result = Check(() => Verifier.VerifyDer(input, Context, At), mutator.Seed, i);
            AssertNoForgery(result, original, $"seed {mutator.Seed} #{i}");
        }
    }

    [Fact]
    public void Verify_TruncationsAtEveryLength_Malformed()
    {
        for (var length = 0; length < Der.Length; length += 2)
        {
            var truncated = Der[..length];
            var result = Check(() => Verifier.VerifyDer(truncated, Context, At), 0, length);
            Assert.False(result.IsValid, $"DER truncated to {length} bytes verified");
            var armored = LicenseArmor.Encode(truncated);
            Assert.False(Check(() => Verifier.Verify(armored, Context, At), 0, length).IsValid);
        }
    }

    [Fact]
    public void Verify_OversizedAndGarbage_RefusedWithTypedResult()
    {
        var mutator = new Mutator(9003);
        string[] fixedInputs =
        [
            "", " ", "\0", LicenseSigning.ArmorHeader, LicenseSigning.ArmorHeader + "\n" + LicenseSigning.ArmorFooter,
            LicenseSigning.ArmorHeader + "\n!!!!\n" + LicenseSigning.ArmorFooter,
            LicenseSigning.ArmorHeader + "\n" + new string('A', 70_000) + "\n" + LicenseSigning.ArmorFooter,
            new string('x', LicenseSigning.MaxLicenseLength + 1),
            Armored.Replace(LicenseSigning.ArmorFooter, "", StringComparison.Ordinal),
            Armored.Replace(LicenseSigning.ArmorHeader, "-----BEGIN CERTIFICATE-----", StringComparison.Ordinal),
            LicenseArmor.Encode(Root.RawData),
            LicenseArmor.Encode(Encoding.UTF8.GetBytes("{\"license_id\":\"x\"}")),
            LicenseArmor.Encode(new byte[100_000]),
        ];
        foreach (var input in fixedInputs)
        {
            var result = Check(() => Verifier.Verify(input, Context, At), 0, input.Length);
            Assert.False(result.IsValid, $"garbage of length {input.Length} verified");
            Assert.Equal(LicenseVerificationStatus.Malformed, result.Status);
        }
        Assert.False(Check(() => Verifier.Verify(null, Context, At), 0, -1).IsValid);
        // Two licenses back to back: whatever is read, it is never a license with other claims.
        AssertNoForgery(Check(() => Verifier.Verify(Armored + Armored, Context, At), 0, -2), Encoding.UTF8.GetString(Claims.ToUtf8Json()), "doubled");
        for (var i = 0; i < 1000; i++)
        {
            var input = mutator.RandomText(400);
            Assert.False(Check(() => Verifier.Verify(input, Context, At), mutator.Seed, i).IsValid);
            var bytes = new byte[mutator.Random.Next(600)];
            mutator.Random.NextBytes(bytes);
            Assert.False(Check(() => Verifier.VerifyDer(bytes, Context, At), mutator.Seed, i).IsValid);
        }
    }

    [Fact]
    public void Verify_WrongContext_NeverValid()
    {
        Assert.Equal(LicenseVerificationStatus.WrongProduct, Verifier.Verify(Armored, new LicenseVerificationContext { Product = "other" }, At).Status);
        Assert.Equal(LicenseVerificationStatus.WrongMode, Verifier.Verify(Armored, new LicenseVerificationContext { Product = Product, Mode = DeploymentMode.Cloud }, At).Status);
        Assert.Equal(LicenseVerificationStatus.Expired, Verifier.Verify(Armored, Context, T0.AddYears(1).AddDays(1)).Status);
        Assert.Equal(LicenseVerificationStatus.NotYetValid, Verifier.Verify(Armored, Context, T0.AddDays(-1)).Status);
        var otherRoot = LicenseCertificateAuthority.CreateRootCertificate("Other Root", T0.AddDays(-1), T0.AddYears(10));
        Assert.Equal(LicenseVerificationStatus.UntrustedSigner, new LicenseVerifier([otherRoot]).Verify(Armored, Context, At).Status);
    }

    private static void AssertNoForgery(LicenseVerificationResult result, string originalClaims, string where)
    {
        if (result.IsValid)
        {
            Assert.NotNull(result.Claims);
            Assert.True(originalClaims == Encoding.UTF8.GetString(result.Claims.ToUtf8Json()), $"{where}: a mutated license verified with other claims");
        }
        else
        {
            Assert.NotEqual(LicenseVerificationStatus.Valid, result.Status);
        }
    }

    internal static T Check<T>(Func<T> call, int seed, int index)
    {
        try
        {
            return call();
        }
        catch (Exception ex)
        {
            Assert.Fail($"seed {seed} #{index}: threw {ex.GetType().Name}: {ex.Message}");
            throw;
        }
    }
}
