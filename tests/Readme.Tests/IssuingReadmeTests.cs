using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using System.Text.Json;
using Glyphh.Licensing;
using Glyphh.Licensing.Issuing;
using Glyphh.Readme.Tests.Snippets;
using Glyphh.TestSupport;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace Glyphh.Readme.Tests;

/// <summary>
/// The Licensing.Issuing README as written: its certificates issue a license, and its validate endpoint answers only a
/// credential (the online key or proof of the signed license), never a bare license id.
/// </summary>
[Collection(QuickStartCollection.Name)]
public sealed class IssuingReadmeTests
{
    private static readonly string OnlineKey = OnlineLicenseKeyGenerator.Generate();
    private static readonly string Fingerprint = new('a', 64);

    [Fact]
    public async Task ValidateEndpoint_AnswersCredentialsOnly()
    {
        using var dir = new TempDirectory();
        var now = DateTimeOffset.UtcNow.AddMinutes(-1);
        var armored = IssuingSnippets.CreateAndIssue(dir.Path, now);
        var der = Dearmor(armored);
        using var signing = LicenseCertificateAuthority.LoadFromPem(
            File.ReadAllText(Path.Combine(dir.Path, "signing.pem")), File.ReadAllText(Path.Combine(dir.Path, "signing.key")));

        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        await using var app = builder.Build();
        IssuingSnippets.MapValidate(app, new LicenseIssuer(signing), TimeProvider.System, OnlineKey, der);
        await app.StartAsync();
        using var client = new HttpClient { BaseAddress = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First()) };

        // A bare license id, as anyone who has seen a license file could send: unknown, no credential, nothing disclosed.
        using (var bare = await Receipt(client, new { license_id = "lic-0001", fingerprint = Fingerprint, product = "projects-service", version = "1.0.0", nonce = Nonce() }))
        {
            Assert.Equal("unknown", bare.RootElement.GetProperty("status").GetString());
            Assert.False(bare.RootElement.TryGetProperty("credential", out var c) && c.ValueKind != JsonValueKind.Null);
            Assert.False(bare.RootElement.TryGetProperty("limits", out var l) && l.ValueKind != JsonValueKind.Null);
        }

        // The holder of the signed license proves it for this request.
        var nonce = Nonce();
        var proof = LicenseCredential.Proof(der, nonce, Fingerprint, "projects-service");
        using (var held = await Receipt(client, new { license_id = "lic-0001", fingerprint = Fingerprint, product = "projects-service", version = "1.0.0", nonce, proof }))
        {
            Assert.Equal("valid", held.RootElement.GetProperty("status").GetString());
            Assert.Equal(LicenseCredential.ForLicense(der), held.RootElement.GetProperty("credential").GetString());
        }

        // The online key itself.
        using (var keyed = await Receipt(client, new { license_key = OnlineKey, fingerprint = Fingerprint, product = "projects-service", version = "1.0.0", nonce = Nonce() }))
        {
            Assert.Equal("valid", keyed.RootElement.GetProperty("status").GetString());
            Assert.Equal(LicenseCredential.ForKey(OnlineKey), keyed.RootElement.GetProperty("credential").GetString());
        }

        // Malformed input is a problem, not a receipt.
        using var malformed = await client.PostAsync(new Uri("/api/v1/licenses/validate", UriKind.Relative), new StringContent("{\"nonce\":"));
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
    }

    private static async Task<JsonDocument> Receipt(HttpClient client, object request)
    {
        using var response = await client.PostAsJsonAsync(new Uri("/api/v1/licenses/validate", UriKind.Relative), request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var cms = new SignedCms();
        cms.Decode(Convert.FromBase64String(body.RootElement.GetProperty("receipt").GetString()!));
        cms.CheckSignature(verifySignatureOnly: true);
        return JsonDocument.Parse(cms.ContentInfo.Content);
    }

    private static string Nonce() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    private static byte[] Dearmor(string armored) => Convert.FromBase64String(string.Concat(
        armored.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith("-----", StringComparison.Ordinal))));
}
