using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using System.Security.Cryptography.X509Certificates;
using Glyphh.LicenseServer.Signing;
using Glyphh.LicenseServer.Tests.Http;
using Glyphh.Licensing;
using Glyphh.Licensing.Issuing;

namespace Glyphh.LicenseServer.Tests.Signing;

/// <summary>
/// Key rotation as an operator does it: the built <c>glyphh-license ca rotate</c>, then a server restart on the same data.
/// The newest signing certificate signs; licenses and receipts under the older one stay valid while its chain is.
/// </summary>
public sealed class KeyRotationTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("glyphh-rotation-").FullName;

    private string Ca => Path.Combine(_root, "ca");

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_root, recursive: true);
    }

    [Fact]
    public async Task CaRotateThenRestart_NewestSigns_OldLicenseFileAndKeyStayValid()
    {
        await Glyphh.LicenseServer.Tests.EndToEnd.BuiltHosts.RunToolAsync("ca", "create", "--out", Ca);
        var rootPem = await File.ReadAllTextAsync(Path.Combine(Ca, "root.crt"));
        var oldSigner = Thumbprint("signing.crt");

        string oldId, oldKey, oldFile;
        using (var before = Server())
        {
            (oldId, oldKey, oldFile) = await before.CreateLicenseAsync();
            Assert.Equal(oldSigner, Verify(rootPem, oldFile).SignerThumbprint);
            Assert.Equal(oldSigner, await ReceiptSignerAsync(before, oldKey, rootPem, LicenseReceiptStatus.Valid));
        }

        await Glyphh.LicenseServer.Tests.EndToEnd.BuiltHosts.RunToolAsync("ca", "rotate", "--ca", Ca);
        var newSigner = Thumbprint("signing.crt");
        Assert.NotEqual(oldSigner, newSigner);
        Assert.Equal(2, Directory.GetFiles(Ca, "signing*.crt").Length);

        using var after = Server();
        // The license file signed before the rotation still verifies against the pinned root, and its key still validates.
        var old = Verify(rootPem, oldFile);
        Assert.Equal((oldId, oldSigner), (old.Claims!.LicenseId, old.SignerThumbprint));
        Assert.Equal(newSigner, await ReceiptSignerAsync(after, oldKey, rootPem, LicenseReceiptStatus.Valid));
        // New licenses are signed by the newest certificate.
        var (_, _, newFile) = await after.CreateLicenseAsync();
        Assert.Equal(newSigner, Verify(rootPem, newFile).SignerThumbprint);
        using var client = after.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/ready")).StatusCode);
    }

    [Fact]
    public void Current_SameNotBefore_TheCertificateLoadedLastSigns()
    {
        var now = DateTimeOffset.UtcNow;
        using var root = LicenseCertificateAuthority.CreateRootCertificate("Tie Root", now.AddDays(-1), now.AddYears(5));
        var notBefore = new DateTimeOffset(now.Year, now.Month, now.Day, 0, 0, 0, TimeSpan.Zero);
        var first = LicenseCertificateAuthority.CreateSigningCertificate(root, "First", notBefore, now.AddYears(1));
        var second = LicenseCertificateAuthority.CreateSigningCertificate(root, "Second", notBefore, now.AddYears(1));
        using var ring = new SigningKeyRing([first, second], TimeProvider.System);
        Assert.Same(second, ring.Current);
    }

    [Fact]
    public void Current_NewestExpired_TheNewestValidOneSigns()
    {
        var now = DateTimeOffset.UtcNow;
        using var root = LicenseCertificateAuthority.CreateRootCertificate("Ring Root", now.AddDays(-30), now.AddYears(5));
        var valid = LicenseCertificateAuthority.CreateSigningCertificate(root, "Valid", now.AddDays(-20), now.AddYears(1));
        var expired = LicenseCertificateAuthority.CreateSigningCertificate(root, "Expired", now.AddDays(-10), now.AddDays(-1));
        using var ring = new SigningKeyRing([expired, valid], TimeProvider.System);
        Assert.Same(valid, ring.Current);
    }

    private ServerFactory Server() => new(new()
    {
        ["GLYPHH_DATA_DIR"] = Path.Combine(_root, "data"),
        ["LICENSE_SIGNING_DIR"] = Ca,
    });

    private string Thumbprint(string file)
    {
        using var certificate = X509CertificateLoader.LoadCertificateFromFile(Path.Combine(Ca, file));
        return Sha256(certificate);
    }

    /// <summary>As <see cref="LicenseVerificationResult.SignerThumbprint"/> spells it: SHA-256, lowercase hex.</summary>
    private static string Sha256(X509Certificate2 certificate) => certificate.GetCertHashString(HashAlgorithmName.SHA256).ToLowerInvariant();

    private static LicenseVerificationResult Verify(string rootPem, string license)
    {
        var result = LicenseVerifier.FromPem(rootPem).Verify(license, new LicenseVerificationContext { Product = "glyphh-runtime" });
        Assert.True(result.IsValid, result.Detail);
        return result;
    }

    /// <summary>Validates a key, verifies the receipt against the pinned root and returns the thumbprint of the certificate that signed it.</summary>
    private static async Task<string> ReceiptSignerAsync(ServerFactory server, string key, string rootPem, LicenseReceiptStatus expected)
    {
        using var client = server.CreateClient();
        var request = new LicenseValidationRequest
        {
            LicenseKey = key, Fingerprint = ServerFactory.Fingerprint(1), Product = "glyphh-runtime", Version = "1.0.0", Nonce = "rotation-nonce",
        };
        using var content = new ByteArrayContent(request.ToUtf8Json());
        content.Headers.ContentType = new("application/json");
        var body = await (await client.PostAsync("/api/v1/licenses/validate", content)).Content.ReadAsByteArrayAsync();
        Assert.True(LicenseValidationResponse.TryParse(body, out var response));
        var der = Convert.FromBase64String(response.Receipt);
        var verified = LicenseVerifier.FromPem(rootPem).VerifyReceipt(der);
        Assert.True(verified.IsValid, verified.Detail);
        Assert.Equal(expected, verified.Receipt!.Status);
        var cms = new SignedCms();
        cms.Decode(der);
        return Sha256(Assert.Single(cms.SignerInfos.Cast<SignerInfo>()).Certificate!);
    }

}
