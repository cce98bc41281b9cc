using System.Net.Http.Json;
using System.Text;
using Glyphh.Licensing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Glyphh.LicenseServer.Tests.Http;

/// <summary>The real server pipeline on a fresh data directory (SQLite, or PostgreSQL when given), a real CA and a fake clock.</summary>
internal sealed class ServerFactory : WebApplicationFactory<Program>
{
    public const string AdminKey = "test-admin-key-0123456789";
    private readonly Dictionary<string, string?> _settings;

    public ServerFactory(Dictionary<string, string?>? settings = null, string environment = "Production")
    {
        Environment = environment;
        DataDirectory = Path.Combine(Path.GetTempPath(), "glyphh-server-" + Guid.NewGuid().ToString("N")[..12]);
        Time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        Ca = new TestCa(Time.GetUtcNow(), Path.Combine(DataDirectory, "test-ca"));
        _settings = new Dictionary<string, string?>
        {
            ["GLYPHH_DATA_DIR"] = DataDirectory,
            ["LICENSE_SIGNING_DIR"] = Ca.Directory,
            ["ADMIN_API_KEY_HASHES"] = "ops:" + Glyphh.LicenseServer.Admin.AdminKeys.Hash(AdminKey),
            ["VALIDATE_RATE_LIMIT"] = "1000",
        };
        foreach (var (k, v) in settings ?? [])
        {
            _settings[k] = v;
        }
    }

    public string Environment { get; }

    public string DataDirectory { get; }

    public FakeTimeProvider Time { get; }

    public TestCa Ca { get; }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(Environment);
        foreach (var (k, v) in _settings)
        {
            builder.UseSetting(k, v);
        }
        builder.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(Time));
    }

    public HttpClient Admin()
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Add("X-API-Key", AdminKey);
        return client;
    }

    /// <summary>Creates a license through the admin API and returns (id, key, file).</summary>
    public async Task<(string Id, string Key, string File)> CreateLicenseAsync(int? maxMachines = null, string product = "glyphh-runtime", DateTimeOffset? expires = null)
    {
        using var admin = Admin();
        var response = await admin.PostAsJsonAsync("/api/v1/admin/licenses", new Dictionary<string, object?>
        {
            ["customer"] = "Acme Corp",
            ["product"] = product,
            ["mode"] = "self-hosted",
            ["expires_at"] = expires ?? Time.GetUtcNow().AddDays(365),
            ["limits"] = new Dictionary<string, long> { ["models"] = 10 },
            ["features"] = new[] { "sso" },
            ["max_machines"] = maxMachines,
        });
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == System.Net.HttpStatusCode.Created, text);
        using var json = System.Text.Json.JsonDocument.Parse(text);
        return (json.RootElement.GetProperty("license").GetProperty("id").GetString()!,
            json.RootElement.GetProperty("key").GetString()!,
            json.RootElement.GetProperty("license_file").GetString()!);
    }

    public static string Fingerprint(int machine) => MachineFingerprint.Compute("glyphh-runtime", "machine-" + machine);

    /// <summary>
    /// Posts a validation and verifies the signed receipt against the CA's root, as the SDK does. With
    /// <paramref name="licenseFile"/> the request proves possession of that license; <paramref name="proof"/> overrides the proof.
    /// </summary>
    public async Task<LicenseReceipt> ValidateAsync(
        string? key, string? licenseId = null, int machine = 1, string nonce = "nonce-1", string product = "glyphh-runtime",
        string? licenseFile = null, string? proof = null)
    {
        using var client = CreateClient();
        var fingerprint = Fingerprint(machine);
        if (proof is null && licenseFile is not null)
        {
            Assert.True(LicenseArmor.TryDecode(licenseFile, out var der, out var error), error);
            proof = LicenseCredential.Proof(der, nonce, fingerprint, product);
        }
        var request = new LicenseValidationRequest
        {
            LicenseKey = key,
            LicenseId = licenseId,
            Proof = proof,
            Fingerprint = fingerprint,
            Product = product,
            Version = "1.2.3",
            Nonce = nonce,
        };
        using var content = new ByteArrayContent(request.ToUtf8Json());
        content.Headers.ContentType = new("application/json");
        var response = await client.PostAsync("/api/v1/licenses/validate", content);
        var body = await response.Content.ReadAsByteArrayAsync();
        Assert.True(response.IsSuccessStatusCode, Encoding.UTF8.GetString(body));
        Assert.True(LicenseValidationResponse.TryParse(body, out var parsed));
        var verified = new LicenseVerifier([Ca.Root], Time).VerifyReceipt(Convert.FromBase64String(parsed.Receipt), Time.GetUtcNow());
        Assert.True(verified.IsValid, verified.Detail);
        return verified.Receipt!;
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            Ca.Dispose();
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try
            {
                Directory.Delete(DataDirectory, recursive: true);
            }
            catch (IOException)
            {
                // A file still held open by a finishing request; the temp folder is cleaned up later.
            }
        }
    }
}
