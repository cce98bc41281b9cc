using Glyphh.Licensing;
using Glyphh.Licensing.Issuing;

namespace Glyphh.Samples.Projects.Tests;

/// <summary>The projects vendor, made in the test: a real root, a real signing certificate, real signed licenses.</summary>
internal static class TestVendor
{
    /// <summary>Writes the pinned root and a self-hosted license with <paramref name="limits"/> into <paramref name="directory"/>.</summary>
    public static (string RootFile, string LicenseFile) IssueSelfHosted(string directory, Dictionary<string, long> limits)
    {
        var now = DateTimeOffset.UtcNow;
        using var root = LicenseCertificateAuthority.CreateRootCertificate("Projects Test Root", now.AddDays(-1), now.AddYears(5));
        using var signing = LicenseCertificateAuthority.CreateSigningCertificate(root, "Projects Test Signing", now.AddDays(-1), now.AddYears(4));
        var license = new LicenseIssuer(signing).IssueLicense(new LicenseClaims
        {
            LicenseId = "lic-projects-1",
            Customer = "Projects Inc",
            Product = "projects-service",
            Mode = DeploymentMode.SelfHosted,
            IssuedAt = now.AddDays(-1),
            NotBefore = now.AddDays(-1),
            ExpiresAt = now.AddYears(1),
            Limits = new LicenseLimits(limits),
        });
        var rootFile = Path.Combine(directory, "root.pem");
        var licenseFile = Path.Combine(directory, "projects.lic");
        File.WriteAllText(rootFile, root.ExportCertificatePem());
        File.WriteAllText(licenseFile, license);
        return (rootFile, licenseFile);
    }
}
