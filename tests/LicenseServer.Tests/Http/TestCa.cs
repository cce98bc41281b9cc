using System.Security.Cryptography.X509Certificates;
using Glyphh.Licensing.Issuing;

namespace Glyphh.LicenseServer.Tests.Http;

/// <summary>A real root and signing certificate written as PEM files, as 'glyphh-license ca create' would.</summary>
internal sealed class TestCa : IDisposable
{
    public TestCa(DateTimeOffset now, string directory)
    {
        Directory = directory;
        System.IO.Directory.CreateDirectory(directory);
        Root = LicenseCertificateAuthority.CreateRootCertificate("Test License Root", now.AddDays(-1), now.AddYears(20));
        using var signing = LicenseCertificateAuthority.CreateSigningCertificate(Root, "Test License Signing", now.AddDays(-1), now.AddYears(10));
        File.WriteAllText(Path.Combine(directory, "root.crt"), Root.ExportCertificatePem());
        File.WriteAllText(Path.Combine(directory, "signing.crt"), signing.ExportCertificatePem());
        File.WriteAllText(Path.Combine(directory, "signing.key"), LicenseCertificateAuthority.ExportPrivateKeyPem(signing));
    }

    public string Directory { get; }

    public X509Certificate2 Root { get; }

    public string RootPem => Root.ExportCertificatePem();

    public void Dispose() => Root.Dispose();
}
