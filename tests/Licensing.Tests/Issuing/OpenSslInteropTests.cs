using System.Diagnostics;
using System.Security.Cryptography.Pkcs;
using Glyphh.Licensing.Tests.Support;

namespace Glyphh.Licensing.Tests.Issuing;

public sealed class OpenSslInteropTests
{
    [Fact]
    public async Task OpenSslCmsVerify_IssuedLicense_AcceptsAndYieldsClaimBytes()
    {
        // openssl checks certificate validity against the wall clock, so this PKI starts today.
        var pki = new TestPki(DateTimeOffset.UtcNow.AddDays(-1));
        var claims = TestPki.Claims(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
        var der = pki.Issuer.IssueLicenseDer(claims);
        var directory = Directory.CreateTempSubdirectory("glyphh-openssl-");
        try
        {
            var license = Path.Combine(directory.FullName, "license.der");
            var root = Path.Combine(directory.FullName, "root.pem");
            var output = Path.Combine(directory.FullName, "claims.json");
            await File.WriteAllBytesAsync(license, der);
            await File.WriteAllTextAsync(root, pki.RootPem);

            var (exit, stderr) = await RunAsync("openssl", "cms", "-verify", "-binary", "-inform", "DER", "-in", license, "-CAfile", root, "-purpose", "any", "-out", output);

            Assert.True(exit == 0, stderr);
            Assert.Contains("Verification successful", stderr, StringComparison.Ordinal);
            Assert.Equal(claims.ToUtf8Json(), await File.ReadAllBytesAsync(output));
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task OpenSslCmsVerify_OtherRoot_Refuses()
    {
        var pki = new TestPki(DateTimeOffset.UtcNow.AddDays(-1));
        var other = new TestPki(DateTimeOffset.UtcNow.AddDays(-1));
        var der = pki.Issuer.IssueLicenseDer(TestPki.Claims(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1)));
        var directory = Directory.CreateTempSubdirectory("glyphh-openssl-");
        try
        {
            var license = Path.Combine(directory.FullName, "license.der");
            var root = Path.Combine(directory.FullName, "root.pem");
            await File.WriteAllBytesAsync(license, der);
            await File.WriteAllTextAsync(root, other.RootPem);

            var (exit, _) = await RunAsync("openssl", "cms", "-verify", "-binary", "-inform", "DER", "-in", license, "-CAfile", root, "-purpose", "any", "-out", "/dev/null");

            Assert.NotEqual(0, exit);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public void IssueLicenseDer_CarriesSigningCertificateOnly()
    {
        var pki = new TestPki();
        var cms = new SignedCms();

        cms.Decode(pki.Issuer.IssueLicenseDer(TestPki.Claims()));

        var certificate = Assert.Single(cms.Certificates);
        Assert.Equal(pki.Signing.Thumbprint, certificate.Thumbprint);
        Assert.Equal("2.16.840.1.101.3.4.2.1", cms.SignerInfos[0].DigestAlgorithm.Value);
    }

    private static async Task<(int Exit, string Stderr)> RunAsync(string file, params string[] arguments)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await stderr);
    }
}
