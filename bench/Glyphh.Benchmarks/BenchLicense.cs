using System.Security.Cryptography.X509Certificates;
using Glyphh.Licensing;
using Glyphh.Licensing.Issuing;

namespace Glyphh.Benchmarks;

/// <summary>A self-hosted offline license and its root, issued in memory for the pipeline benchmarks and the consumer service.</summary>
internal static class BenchLicense
{
    /// <summary>The product the license names; hosts set <c>GlyphhLicensingOptions.Product</c> to it.</summary>
    public const string Product = "glyphh-runtime";

    public static (string License, string RootPem) Issue()
    {
        var now = DateTimeOffset.UtcNow;
        using var root = LicenseCertificateAuthority.CreateRootCertificate("Bench License Root", now.AddDays(-1), now.AddYears(1));
        using X509Certificate2 signing = LicenseCertificateAuthority.CreateSigningCertificate(root, "Bench License Signing", now.AddDays(-1), now.AddMonths(6));
        var license = new LicenseIssuer(signing).IssueLicense(new LicenseClaims
        {
            LicenseId = "lic-bench",
            Customer = "Pipeline Bench",
            Product = Product,
            Mode = DeploymentMode.SelfHosted,
            IssuedAt = now.AddMinutes(-1),
            NotBefore = now.AddMinutes(-1),
            ExpiresAt = now.AddDays(30),
            Limits = new LicenseLimits(new Dictionary<string, long> { ["models"] = 100, ["glyphs"] = 10_000_000 }),
        });
        return (license, root.ExportCertificatePem());
    }
}
