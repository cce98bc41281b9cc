#region ProtocolUsings
using System.Security.Cryptography;
using Glyphh.Licensing;
#endregion

namespace Glyphh.Readme.Tests.Snippets;

/// <summary>The C# blocks of src/Licensing.Protocol/README.md.</summary>
internal static class ProtocolSnippets
{
    /// <summary>Verifies <c>license.lic</c> against <c>root.pem</c> in <paramref name="folder"/>; returns the <c>projects</c> limit.</summary>
    public static long VerifyLicense(string folder, string? machineId)
    {
        var previous = Environment.CurrentDirectory;
        Environment.CurrentDirectory = folder;
        try
        {
            #region ProtocolVerifyLicense
            var verifier = LicenseVerifier.FromPem(File.ReadAllText("root.pem"));
            string? rawId = MachineFingerprint.FindRawMachineId(machineId, "./data");
            var result = verifier.Verify(File.ReadAllText("license.lic"), new LicenseVerificationContext
            {
                Product = "projects-service",
                Mode = DeploymentMode.SelfHosted,
                MachineFingerprint = rawId is null ? null : MachineFingerprint.Compute("projects-service", rawId),
            });
            if (!result.IsValid)
                throw new InvalidOperationException($"{result.Status}: {result.Detail}");   // e.g. WrongProduct, Expired

            long projects = result.Claims!.Limits.TryGetValue("projects", out var cap) ? cap : long.MaxValue;
            #endregion
            return projects;
        }
        finally
        {
            Environment.CurrentDirectory = previous;
        }
    }

    /// <summary>Calls home for an offline license (<paramref name="licenseDer"/>) and checks the signed answer.</summary>
    public static async Task<LicenseReceipt> CallHome(HttpClient http, LicenseVerifier verifier, byte[] licenseDer, string licenseId, string fingerprint)
    {
        #region ProtocolCallHome
        var nonce = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        var request = new LicenseValidationRequest
        {
            LicenseId = licenseId,
            Proof = LicenseCredential.Proof(licenseDer, nonce, fingerprint, "projects-service"),   // proves we hold the license
            Fingerprint = fingerprint, Product = "projects-service", Version = "1.0.0", Nonce = nonce,
        };
        using var content = new ByteArrayContent(request.ToUtf8Json());
        content.Headers.ContentType = new("application/json");
        using var response = await http.PostAsync(new Uri("api/v1/licenses/validate", UriKind.Relative), content);
        if (!response.IsSuccessStatusCode || !LicenseValidationResponse.TryParse(await response.Content.ReadAsByteArrayAsync(), out var body))
            throw new InvalidOperationException($"No answer: {(int)response.StatusCode}.");   // not definitive: keep grace

        var checkedReceipt = verifier.VerifyReceipt(Convert.FromBase64String(body.Receipt));
        var receipt = checkedReceipt.Receipt;
        if (receipt is null
            || receipt.Nonce != nonce                                             // a replayed answer
            || receipt.Credential != LicenseCredential.ForLicense(licenseDer)     // an answer about another license
            || receipt.Product != "projects-service"
            || (receipt.Status == LicenseReceiptStatus.Valid && receipt.Mode != DeploymentMode.SelfHosted))
            throw new InvalidOperationException("The receipt is not an answer to this request: " + checkedReceipt.Detail);
        // receipt.Status: Valid, or a definitive refusal (Revoked, Suspended, Expired, Unknown, TooManyMachines).
        #endregion
        return receipt;
    }
}
