using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Glyphh.Licensing;

namespace Glyphh.LicenseServer.Tests.Http;

public sealed class ValidationEndpointTests : IDisposable
{
    private readonly ServerFactory _server = new();

    public void Dispose() => _server.Dispose();

    private async Task PostAdminAsync(string path)
    {
        using var admin = _server.Admin();
        var response = await admin.PostAsync(path, null);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Validate_ValidKey_SignedReceiptEchoesNonceAndCarriesTerms()
    {
        var (id, key, _) = await _server.CreateLicenseAsync();
        var now = _server.Time.GetUtcNow();
        var receipt = await _server.ValidateAsync(key, nonce: "n-0123456789abcdef");

        Assert.Equal(LicenseReceiptStatus.Valid, receipt.Status);
        Assert.Equal("n-0123456789abcdef", receipt.Nonce);
        Assert.Equal(id, receipt.LicenseId);
        Assert.Equal(now, receipt.ServerTime);
        Assert.Equal(now.AddHours(24), receipt.NextValidationAt);
        Assert.Equal(ServerFactory.Fingerprint(1), receipt.Fingerprint);
        Assert.Equal(DeploymentMode.SelfHosted, receipt.Mode);
        Assert.Equal(10, receipt.Limits!["models"]);
        Assert.Equal(["sso"], receipt.Features!);
        Assert.Equal(7, receipt.GraceDays);
    }

    [Fact]
    public async Task Validate_LowercaseKeyWithAliases_IsTheSameKey()
    {
        var (id, key, _) = await _server.CreateLicenseAsync();
        var receipt = await _server.ValidateAsync(key.ToLowerInvariant());
        Assert.Equal((LicenseReceiptStatus.Valid, id), (receipt.Status, receipt.LicenseId));
    }

    [Fact]
    public async Task Validate_ByLicenseIdWithProof_OfflineLicenseCallingHome_ReceiptNamesTheLicense()
    {
        var (id, _, file) = await _server.CreateLicenseAsync();
        var receipt = await _server.ValidateAsync(null, licenseId: id, licenseFile: file);
        Assert.Equal(LicenseReceiptStatus.Valid, receipt.Status);
        Assert.True(LicenseArmor.TryDecode(file, out var der, out _));
        Assert.Equal(LicenseCredential.ForLicense(der), receipt.Credential);
        Assert.Equal(DeploymentMode.SelfHosted, receipt.Mode);
    }

    [Fact]
    public async Task Validate_KeyReceipt_NamesTheKeyProductAndMode()
    {
        var (_, key, _) = await _server.CreateLicenseAsync();
        var receipt = await _server.ValidateAsync(key.ToLowerInvariant());
        Assert.Equal(LicenseCredential.ForKey(key), receipt.Credential);
        Assert.StartsWith("key:", receipt.Credential, StringComparison.Ordinal);
        Assert.Equal(("glyphh-runtime", DeploymentMode.SelfHosted), (receipt.Product, receipt.Mode));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("0000000000000000000000000000000000000000000000000000000000000000")]
    public async Task Validate_LicenseIdWithoutProof_AnsweredLikeAnUnknownLicense_NoSeatTaken(string? proof)
    {
        var (id, _, file) = await _server.CreateLicenseAsync(maxMachines: 1);
        var bare = await _server.ValidateAsync(null, licenseId: id, machine: 2, proof: proof);
        var none = await _server.ValidateAsync(null, licenseId: "lic_nope", machine: 2, proof: proof);

        // Nothing about the license: no terms, no expiry, no credential; the same answer as for an id that does not exist.
        Assert.Equal(LicenseReceiptStatus.Unknown, bare.Status);
        Assert.Equal((none.Status, none.Message, none.Credential, none.Mode, none.ExpiresAt, none.GraceDays), (bare.Status, bare.Message, bare.Credential, bare.Mode, bare.ExpiresAt, bare.GraceDays));
        Assert.Null(bare.Limits);
        Assert.Null(bare.Features);
        using (var admin = _server.Admin())
        {
            using var activations = JsonDocument.Parse(await admin.GetStringAsync($"/api/v1/admin/licenses/{id}/activations"));
            Assert.Empty(activations.RootElement.GetProperty("items").EnumerateArray());
        }
        // The holder's one seat is still free.
        Assert.Equal(LicenseReceiptStatus.Valid, (await _server.ValidateAsync(null, licenseId: id, machine: 1, licenseFile: file)).Status);
    }

    [Fact]
    public async Task Validate_ProofForAnotherMachine_AnsweredLikeAnUnknownLicense()
    {
        var (id, _, file) = await _server.CreateLicenseAsync();
        Assert.True(LicenseArmor.TryDecode(file, out var der, out _));
        var proofForMachine1 = LicenseCredential.Proof(der, "nonce-1", ServerFactory.Fingerprint(1), "glyphh-runtime");
        var replayed = await _server.ValidateAsync(null, licenseId: id, machine: 2, proof: proofForMachine1);
        Assert.Equal(LicenseReceiptStatus.Unknown, replayed.Status);
        Assert.Null(replayed.Credential);
    }

    [Fact]
    public async Task Validate_Revoked_AnswersRevoked()
    {
        var (id, key, _) = await _server.CreateLicenseAsync();
        await PostAdminAsync($"/api/v1/admin/licenses/{id}/revoke");
        var receipt = await _server.ValidateAsync(key);
        Assert.Equal(LicenseReceiptStatus.Revoked, receipt.Status);
        Assert.Null(receipt.NextValidationAt);
        Assert.Null(receipt.Limits);
    }

    [Fact]
    public async Task Validate_SuspendedThenReinstated_AnswersSuspendedThenValid()
    {
        var (id, key, _) = await _server.CreateLicenseAsync();
        await PostAdminAsync($"/api/v1/admin/licenses/{id}/suspend");
        Assert.Equal(LicenseReceiptStatus.Suspended, (await _server.ValidateAsync(key)).Status);
        await PostAdminAsync($"/api/v1/admin/licenses/{id}/reinstate");
        Assert.Equal(LicenseReceiptStatus.Valid, (await _server.ValidateAsync(key)).Status);
    }

    [Fact]
    public async Task Validate_AfterExpiry_AnswersExpired()
    {
        var (_, key, _) = await _server.CreateLicenseAsync(expires: _server.Time.GetUtcNow().AddDays(2));
        var valid = await _server.ValidateAsync(key);
        // The next validation is never after the expiry.
        Assert.Equal(_server.Time.GetUtcNow().AddHours(24), valid.NextValidationAt);
        _server.Time.Advance(TimeSpan.FromDays(2));
        Assert.Equal(LicenseReceiptStatus.Expired, (await _server.ValidateAsync(key)).Status);
    }

    [Fact]
    public async Task Validate_ServerCapsRevalidation_ReceiptSuggestsTheShorterWait()
    {
        using var server = new ServerFactory(new() { ["MAX_REVALIDATION_INTERVAL"] = "00:05:00" });
        var (_, key, _) = await server.CreateLicenseAsync();
        var receipt = await server.ValidateAsync(key);
        Assert.Equal(LicenseReceiptStatus.Valid, receipt.Status);
        Assert.Equal(server.Time.GetUtcNow().AddMinutes(5), receipt.NextValidationAt);
    }

    [Fact]
    public async Task Validate_UnknownKey_AnswersUnknown()
    {
        var receipt = await _server.ValidateAsync(Glyphh.Licensing.Issuing.OnlineLicenseKeyGenerator.Generate());
        Assert.Equal(LicenseReceiptStatus.Unknown, receipt.Status);
        Assert.Equal("unknown", receipt.LicenseId);
        Assert.Equal(LicenseReceiptStatus.Unknown, (await _server.ValidateAsync(null, licenseId: "lic_nope")).Status);
    }

    [Fact]
    public async Task Validate_OtherProduct_AnswersUnknown()
    {
        var (_, key, _) = await _server.CreateLicenseAsync();
        Assert.Equal(LicenseReceiptStatus.Unknown, (await _server.ValidateAsync(key, product: "another-product")).Status);
    }

    [Fact]
    public async Task Validate_SeatLimit_ThirdMachineRefusedExistingKept()
    {
        var (_, key, _) = await _server.CreateLicenseAsync(maxMachines: 2);
        Assert.Equal(LicenseReceiptStatus.Valid, (await _server.ValidateAsync(key, machine: 1)).Status);
        Assert.Equal(LicenseReceiptStatus.Valid, (await _server.ValidateAsync(key, machine: 2)).Status);
        Assert.Equal(LicenseReceiptStatus.TooManyMachines, (await _server.ValidateAsync(key, machine: 3)).Status);
        Assert.Equal(LicenseReceiptStatus.Valid, (await _server.ValidateAsync(key, machine: 1)).Status);
    }

    [Fact]
    public async Task Validate_StaleActivation_SeatFreedAfterConfiguredPeriod()
    {
        var (_, key, _) = await _server.CreateLicenseAsync(maxMachines: 1);
        Assert.Equal(LicenseReceiptStatus.Valid, (await _server.ValidateAsync(key, machine: 1)).Status);
        _server.Time.Advance(TimeSpan.FromDays(3) - TimeSpan.FromSeconds(1));
        Assert.Equal(LicenseReceiptStatus.TooManyMachines, (await _server.ValidateAsync(key, machine: 2)).Status);
        _server.Time.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal(LicenseReceiptStatus.Valid, (await _server.ValidateAsync(key, machine: 2)).Status);
    }

    [Fact]
    public async Task Validate_MalformedJson_ProblemMalformedJson()
    {
        using var client = _server.CreateClient();
        var response = await client.PostAsync("/api/v1/licenses/validate", new StringContent("{\"license_key\": ", Encoding.UTF8, "application/json"));
        await AssertProblemAsync(response, HttpStatusCode.BadRequest, "malformed-json");
    }

    [Fact]
    public async Task Validate_HugeBody_Problem413()
    {
        using var client = _server.CreateClient();
        var body = "{\"nonce\":\"" + new string('a', 200_000) + "\"}";
        var response = await client.PostAsync("/api/v1/licenses/validate", new StringContent(body, Encoding.UTF8, "application/json"));
        await AssertProblemAsync(response, HttpStatusCode.RequestEntityTooLarge, "payload-too-large");
    }

    [Theory]
    [InlineData("GLYPHH-AAAA-AAAA-AAAA-AAAA", "license_key")]
    [InlineData("ABC-123", "license_key")]
    [InlineData("sk_live_0123456789", "license_key")]
    public async Task Validate_UnknownKeyFormat_ProblemValidation(string key, string field)
    {
        using var client = _server.CreateClient();
        var response = await client.PostAsJsonAsync("/api/v1/licenses/validate", new Dictionary<string, string>
        {
            ["license_key"] = key, ["fingerprint"] = ServerFactory.Fingerprint(1), ["product"] = "glyphh-runtime", ["version"] = "1", ["nonce"] = "n",
        });
        var json = await AssertProblemAsync(response, HttpStatusCode.BadRequest, "validation");
        Assert.True(json.RootElement.GetProperty("errors").TryGetProperty(field, out _));
    }

    [Fact]
    public async Task Validate_RawFingerprint_ProblemValidation()
    {
        using var client = _server.CreateClient();
        var response = await client.PostAsJsonAsync("/api/v1/licenses/validate", new Dictionary<string, string>
        {
            ["license_id"] = "lic_x", ["fingerprint"] = "my-hostname", ["product"] = "glyphh-runtime", ["version"] = "1", ["nonce"] = "n",
        });
        var json = await AssertProblemAsync(response, HttpStatusCode.BadRequest, "validation");
        Assert.True(json.RootElement.GetProperty("errors").TryGetProperty("fingerprint", out _));
    }

    [Fact]
    public async Task Validate_NotJson_Problem415()
    {
        using var client = _server.CreateClient();
        var response = await client.PostAsync("/api/v1/licenses/validate", new StringContent("key=GLYPHH", Encoding.UTF8, "application/x-www-form-urlencoded"));
        await AssertProblemAsync(response, HttpStatusCode.UnsupportedMediaType, "unsupported-media-type");
    }

    [Fact]
    public async Task Validate_OverRateLimit_Problem429WithRetryAfter()
    {
        using var server = new ServerFactory(new() { ["VALIDATE_RATE_LIMIT"] = "2" });
        using var client = server.CreateClient();
        HttpResponseMessage? last = null;
        for (var i = 0; i < 3; i++)
        {
            last = await client.PostAsync("/api/v1/licenses/validate", new StringContent("{}", Encoding.UTF8, "application/json"));
        }
        await AssertProblemAsync(last!, HttpStatusCode.TooManyRequests, "rate-limited");
        Assert.True(last!.Headers.RetryAfter is not null);
    }

    internal static async Task<JsonDocument> AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, string code)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"{response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var json = JsonDocument.Parse(text);
        Assert.Equal("https://glyphh.dev/problems/" + code, json.RootElement.GetProperty("type").GetString());
        Assert.Equal((int)status, json.RootElement.GetProperty("status").GetInt32());
        return json;
    }
}
