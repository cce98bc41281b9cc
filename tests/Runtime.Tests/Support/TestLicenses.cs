using System.Security.Cryptography.X509Certificates;
using Glyphh.Licensing;
using Glyphh.Licensing.Issuing;

namespace Glyphh.Runtime.Tests.Support;

/// <summary>A vendor CA made in the test: a real root, a real signing certificate, real signed licenses.</summary>
internal sealed class TestLicenses : IDisposable
{
    private readonly X509Certificate2 _root;
    private readonly X509Certificate2 _signer;

    public TestLicenses(string directory)
    {
        var now = DateTimeOffset.UtcNow;
        _root = LicenseCertificateAuthority.CreateRootCertificate("Test License Root", now.AddDays(-1), now.AddYears(5));
        _signer = LicenseCertificateAuthority.CreateSigningCertificate(_root, "Test License Signing", now.AddDays(-1), now.AddYears(4));
        RootPemPath = Path.Combine(directory, "root.pem");
        File.WriteAllText(RootPemPath, _root.ExportCertificatePem());
        Directory = directory;
    }

    public string RootPemPath { get; }

    private string Directory { get; }

    /// <summary>Issues a self-hosted license and writes it to a file; returns the path.</summary>
    public string IssueFile(DateTimeOffset expiresAt, long? models = null, long? glyphs = null, string name = "license.txt")
    {
        var now = DateTimeOffset.UtcNow;
        var claims = new LicenseClaims
        {
            LicenseId = "lic-test-" + Guid.NewGuid().ToString("N")[..8],
            Customer = "Test Customer",
            Product = "glyphh-runtime",
            Mode = DeploymentMode.SelfHosted,
            IssuedAt = now.AddDays(-2),
            NotBefore = now.AddDays(-2),
            ExpiresAt = expiresAt,
            Limits = new LicenseLimits(new Dictionary<string, long?> { ["models"] = models, ["glyphs"] = glyphs }.Where(l => l.Value is not null).Select(l => KeyValuePair.Create(l.Key, l.Value!.Value))),
        };
        var path = Path.Combine(Directory, name);
        File.WriteAllText(path, new LicenseIssuer(_signer).IssueLicense(claims));
        return path;
    }

    public void Dispose()
    {
        _root.Dispose();
        _signer.Dispose();
    }
}
