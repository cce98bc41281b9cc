#region IssuingUsings
using Glyphh.Licensing;
using Glyphh.Licensing.Issuing;
#endregion

namespace Glyphh.Readme.Tests.Snippets;

/// <summary>The C# blocks of src/Licensing.Issuing/README.md.</summary>
internal static class IssuingSnippets
{
    /// <summary>A root, a signing certificate and one license, written to <paramref name="folder"/>.</summary>
    public static string CreateAndIssue(string folder, DateTimeOffset now)
    {
        var previous = Environment.CurrentDirectory;
        Environment.CurrentDirectory = folder;
        try
        {
            #region IssuingCreateAndIssue
            // Once: the root (keep its key offline) and a signing certificate under it.
            using var root = LicenseCertificateAuthority.CreateRootCertificate("Projects License Root 2026", now, now.AddYears(20));
            using var signing = LicenseCertificateAuthority.CreateSigningCertificate(root, "Projects License Signing 2026", now, now.AddYears(3));
            File.WriteAllText("root.pem", root.ExportCertificatePem());                 // pinned by products
            File.WriteAllText("signing.pem", signing.ExportCertificatePem());
            File.WriteAllText("signing.key", LicenseCertificateAuthority.ExportPrivateKeyPem(signing));

            // Issue a license.
            using var cert = LicenseCertificateAuthority.LoadFromPem(File.ReadAllText("signing.pem"), File.ReadAllText("signing.key"));
            var issuer = new LicenseIssuer(cert);
            string license = issuer.IssueLicense(new LicenseClaims
            {
                LicenseId = "lic-0001", Customer = "Acme Corp", Product = "projects-service", Mode = DeploymentMode.SelfHosted,
                IssuedAt = now, NotBefore = now, ExpiresAt = now.AddYears(1),
                Limits = new LicenseLimits(new Dictionary<string, long> { ["projects"] = 10, ["items"] = 100_000 }), Features = ["search"],
            });
            #endregion
            return license;
        }
        finally
        {
            Environment.CurrentDirectory = previous;
        }
    }

    /// <summary>The validate endpoint of a license server that sells one online key and one call-home license.</summary>
    public static void MapValidate(WebApplication app, LicenseIssuer issuer, TimeProvider time, string onlineKey, byte[] licenseDer)
    {
        var expiry = time.GetUtcNow().AddYears(1);
        var limits = new LicenseLimits(new Dictionary<string, long> { ["projects"] = 10 });
        string[] features = ["search"];

        #region IssuingValidateEndpoint
        app.MapPost("/api/v1/licenses/validate", async (HttpRequest http) =>
        {
            using var buffer = new MemoryStream();
            await http.Body.CopyToAsync(buffer);   // Kestrel's MaxRequestBodySize bounds it; TryParse refuses > 64 KiB
            if (!LicenseValidationRequest.TryParse(buffer.ToArray(), out var request, out var error))
                return Results.Problem(error, statusCode: 400, type: "https://glyphh.dev/problems/validation");

            // Only a credential validates: the online key itself, or proof of holding the signed license. A bare
            // license id (printed in files and status pages) is answered like an unknown license and takes no seat.
            string? credential =
                request.LicenseKey is { } key && CryptographicEquals(key, onlineKey) ? LicenseCredential.ForKey(key)
                : request.LicenseId == "lic-0001" && LicenseCredential.VerifyProof(licenseDer, request) ? LicenseCredential.ForLicense(licenseDer)
                : null;
            var now = time.GetUtcNow();
            var receipt = credential is null
                ? new LicenseReceipt
                {
                    LicenseId = request.LicenseId ?? "", Nonce = request.Nonce, ServerTime = now,
                    Status = LicenseReceiptStatus.Unknown, Product = request.Product, Fingerprint = request.Fingerprint,
                }
                : new LicenseReceipt
                {
                    LicenseId = "lic-0001", Credential = credential, Nonce = request.Nonce, ServerTime = now,
                    Status = LicenseReceiptStatus.Valid, Product = request.Product, Fingerprint = request.Fingerprint,
                    NextValidationAt = now.AddHours(24), ExpiresAt = expiry, Mode = DeploymentMode.SelfHosted,
                    Limits = limits, Features = features, GraceDays = 7,
                };
            return Results.Bytes(issuer.CreateValidationResponse(receipt).ToUtf8Json(), "application/json");
        });
        #endregion
    }

    private static bool CryptographicEquals(string a, string b) =>
        System.Security.Cryptography.CryptographicOperations.FixedTimeEquals(
            System.Text.Encoding.UTF8.GetBytes(a), System.Text.Encoding.UTF8.GetBytes(b));
}
