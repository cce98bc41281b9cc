using BenchmarkDotNet.Attributes;
using Glyphh.Licensing;
using Glyphh.Licensing.Issuing;

namespace Glyphh.Benchmarks.Licensing;

/// <summary>Offline verification of a license: armor, CMS signature, chain to the pinned root, claims.</summary>
[MemoryDiagnoser]
public class LicenseVerificationBenchmarks
{
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly LicenseVerificationContext _context = new() { Product = "glyphh-runtime", Mode = DeploymentMode.SelfHosted };
    private LicenseVerifier _verifier = null!;
    private string _license = null!;

    /// <summary>The signing algorithm.</summary>
    [Params(LicenseKeyAlgorithm.EcdsaP256, LicenseKeyAlgorithm.Rsa3072)]
    public LicenseKeyAlgorithm Algorithm { get; set; }

    /// <summary>Creates a PKI and a license.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var root = LicenseCertificateAuthority.CreateRootCertificate("Bench Root", Start, Start.AddYears(10), Algorithm);
        var signing = LicenseCertificateAuthority.CreateSigningCertificate(root, "Bench Signing", Start, Start.AddYears(2), LicenseSigningPurposes.All, Algorithm);
        _license = new LicenseIssuer(signing).IssueLicense(new LicenseClaims
        {
            LicenseId = "lic-bench",
            Customer = "Bench Corp",
            Product = "glyphh-runtime",
            Mode = DeploymentMode.SelfHosted,
            IssuedAt = Start,
            NotBefore = Start,
            ExpiresAt = Start.AddYears(1),
            Limits = new LicenseLimits(new Dictionary<string, long> { ["projects"] = 10, ["items"] = 100_000 }),
            Features = ["search", "export"],
        });
        _verifier = new LicenseVerifier([root]);
    }

    /// <summary>Verifies the armored license.</summary>
    /// <returns>The result.</returns>
    [Benchmark]
    public LicenseVerificationStatus Verify() => _verifier.Verify(_license, _context, Start.AddDays(30)).Status;
}
