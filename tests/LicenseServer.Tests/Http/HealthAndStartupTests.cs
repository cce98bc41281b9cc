using System.Net;
using System.Text.Json;

namespace Glyphh.LicenseServer.Tests.Http;

public sealed class HealthAndStartupTests
{
    [Fact]
    public async Task Health_LivenessReadinessAndMetrics_AnswerWithoutKey()
    {
        using var server = new ServerFactory();
        var (_, key, _) = await server.CreateLicenseAsync();
        await server.ValidateAsync(key);
        using var client = server.CreateClient();

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health")).StatusCode);
        var ready = await client.GetAsync("/health/ready");
        var text = await ready.Content.ReadAsStringAsync();
        Assert.True(ready.StatusCode == HttpStatusCode.OK, text);
        using var json = JsonDocument.Parse(text);
        Assert.Equal("ok", json.RootElement.GetProperty("status").GetString());
        var checks = json.RootElement.GetProperty("checks");
        Assert.Equal("ok", checks.GetProperty("database").GetProperty("status").GetString());
        Assert.Equal("ok", checks.GetProperty("signing_key").GetProperty("status").GetString());

        var metrics = await client.GetStringAsync("/metrics");
        Assert.Contains("glyphh_license_server_validations", metrics, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Readiness_SigningCertificateExpired_Unhealthy503()
    {
        using var server = new ServerFactory();
        using var client = server.CreateClient();
        server.Time.Advance(TimeSpan.FromDays(365 * 11));
        var ready = await client.GetAsync("/health/ready");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        using var json = JsonDocument.Parse(await ready.Content.ReadAsStringAsync());
        Assert.Equal("unhealthy", json.RootElement.GetProperty("checks").GetProperty("signing_key").GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health")).StatusCode);
    }

    [Fact]
    public async Task Readiness_SigningCertificateExpiresSoon_Degraded200()
    {
        using var server = new ServerFactory();
        using var client = server.CreateClient();
        server.Time.Advance(TimeSpan.FromDays((365 * 10) - 10));
        var ready = await client.GetAsync("/health/ready");
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        using var json = JsonDocument.Parse(await ready.Content.ReadAsStringAsync());
        Assert.Equal("degraded", json.RootElement.GetProperty("checks").GetProperty("signing_key").GetProperty("status").GetString());
    }

    [Fact]
    public void Startup_ProductionWithoutSigningMaterial_StopsNamingTheSetting()
    {
        using var server = new ServerFactory(new() { ["LICENSE_SIGNING_DIR"] = null });
        var e = Assert.ThrowsAny<Exception>(() => server.CreateClient());
        Assert.Contains("LICENSE_SIGNING_DIR", Flatten(e), StringComparison.Ordinal);
    }

    [Fact]
    public void Startup_ProductionWithoutAdminKeys_StopsNamingTheSetting()
    {
        using var server = new ServerFactory(new() { ["ADMIN_API_KEY_HASHES"] = "" });
        var e = Assert.ThrowsAny<Exception>(() => server.CreateClient());
        Assert.Contains("ADMIN_API_KEY_HASHES", Flatten(e), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ADMIN_API_KEY_HASHES", "not-a-hash")]
    [InlineData("ACTIVATION_STALE_AFTER", "soon")]
    [InlineData("VALIDATE_RATE_LIMIT", "-1")]
    [InlineData("MAX_REVALIDATION_INTERVAL", "-00:05:00")]
    [InlineData("LICENSE_SIGNING_DIR", "/no/such/folder")]
    public void Startup_BadSetting_StopsNamingIt(string setting, string value)
    {
        using var server = new ServerFactory(new() { [setting] = value });
        var e = Assert.ThrowsAny<Exception>(() => server.CreateClient());
        Assert.Contains(setting, Flatten(e), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Startup_DevelopmentWithNothingConfigured_CreatesCaAndAdminKeyOnce()
    {
        using var server = new ServerFactory(new() { ["LICENSE_SIGNING_DIR"] = null, ["ADMIN_API_KEY_HASHES"] = null }, environment: "Development");
        using var client = server.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health")).StatusCode);

        var ca = Path.Combine(server.DataDirectory, "ca");
        Assert.True(File.Exists(Path.Combine(ca, "root.crt")));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(ca, "signing.key")));
        }
        var keyFile = await File.ReadAllTextAsync(Path.Combine(server.DataDirectory, "admin-api-key.sha256"));
        Assert.Matches("^development:[0-9a-f]{64}\n$", keyFile);
        // Only the hash is kept; the key was printed once and is not the test's key.
        Assert.Equal(HttpStatusCode.Unauthorized, (await server.Admin().GetAsync("/api/v1/admin/licenses")).StatusCode);

        // Receipts are signed by the development CA and verify against its root.
        var receipt = await ValidateWithRootAsync(server, await File.ReadAllTextAsync(Path.Combine(ca, "root.crt")));
        Assert.Equal(Glyphh.Licensing.LicenseReceiptStatus.Unknown, receipt.Status);
    }

    private static async Task<Glyphh.Licensing.LicenseReceipt> ValidateWithRootAsync(ServerFactory server, string rootPem)
    {
        using var client = server.CreateClient();
        var request = new Glyphh.Licensing.LicenseValidationRequest
        {
            LicenseId = "lic_none", Fingerprint = ServerFactory.Fingerprint(1), Product = "glyphh-runtime", Version = "1", Nonce = "n",
        };
        using var content = new ByteArrayContent(request.ToUtf8Json());
        content.Headers.ContentType = new("application/json");
        var body = await (await client.PostAsync("/api/v1/licenses/validate", content)).Content.ReadAsByteArrayAsync();
        Assert.True(Glyphh.Licensing.LicenseValidationResponse.TryParse(body, out var response));
        var verified = Glyphh.Licensing.LicenseVerifier.FromPem(rootPem, server.Time).VerifyReceipt(Convert.FromBase64String(response.Receipt));
        Assert.True(verified.IsValid, verified.Detail);
        return verified.Receipt!;
    }

    private static string Flatten(Exception e) => e.InnerException is null ? e.Message : e.Message + " | " + Flatten(e.InnerException);
}
