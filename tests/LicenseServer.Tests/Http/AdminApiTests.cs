using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Glyphh.Licensing;
using static Glyphh.LicenseServer.Tests.Http.ValidationEndpointTests;

namespace Glyphh.LicenseServer.Tests.Http;

public sealed class AdminApiTests : IDisposable
{
    private readonly ServerFactory _server = new();

    public void Dispose() => _server.Dispose();

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private async Task<JsonElement[]> AuditAsync(string licenseId)
    {
        using var admin = _server.Admin();
        using var json = JsonDocument.Parse(await admin.GetStringAsync($"/api/v1/admin/audit?license_id={licenseId}"));
        return [.. json.RootElement.GetProperty("items").EnumerateArray().Select(e => e.Clone())];
    }

    [Fact]
    public async Task Admin_NoKey_401Unauthenticated()
    {
        using var client = _server.CreateClient();
        var response = await client.GetAsync("/api/v1/admin/licenses");
        await AssertProblemAsync(response, HttpStatusCode.Unauthorized, "unauthenticated");
        Assert.NotEmpty(response.Headers.WwwAuthenticate);
    }

    [Fact]
    public async Task Admin_WrongKey_401Unauthenticated()
    {
        using var client = _server.CreateClient();
        client.DefaultRequestHeaders.Add("X-API-Key", ServerFactory.AdminKey + "x");
        await AssertProblemAsync(await client.GetAsync("/api/v1/admin/licenses"), HttpStatusCode.Unauthorized, "unauthenticated");
        var create = await client.PostAsync("/api/v1/admin/licenses", Json("{}"));
        Assert.Equal(HttpStatusCode.Unauthorized, create.StatusCode);
    }

    [Fact]
    public async Task Admin_GoodKey_200()
    {
        using var admin = _server.Admin();
        var response = await admin.GetAsync("/api/v1/admin/licenses");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(0, json.RootElement.GetProperty("total").GetInt64());
    }

    [Fact]
    public async Task Create_ReturnsCheckedOnlineKeyAndVerifiableLicenseFile_AndAudits()
    {
        var (id, key, file) = await _server.CreateLicenseAsync(maxMachines: 3);
        Assert.Matches("^GLYPHH-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$", key);
        Assert.True(OnlineLicenseKey.IsWellFormed(key));

        var result = new LicenseVerifier([_server.Ca.Root], _server.Time)
            .Verify(file, new LicenseVerificationContext { Product = "glyphh-runtime", Mode = DeploymentMode.SelfHosted }, _server.Time.GetUtcNow());
        Assert.True(result.IsValid, result.Detail);
        Assert.Equal(id, result.Claims!.LicenseId);
        Assert.Equal(10, result.Claims.Limits["models"]);

        var audit = Assert.Single(await AuditAsync(id));
        Assert.Equal("ops", audit.GetProperty("actor").GetString());
        Assert.Equal("license.create", audit.GetProperty("action").GetString());
        Assert.DoesNotContain(key, audit.GetProperty("detail").GetString()!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_ProductDefinedLimitsAndFeatureValues_InLicenseFileAndReceipt()
    {
        using var admin = _server.Admin();
        var response = await admin.PostAsync("/api/v1/admin/licenses", Json(
            """{"customer":"Projects Inc","product":"projects-service","mode":"self-hosted","expires_at":"2099-01-01T00:00:00Z","limits":{"projects":3,"items":250,"seats":null},"features":["tier:pro","sso"]}"""));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, text);
        using var json = JsonDocument.Parse(text);
        var license = json.RootElement.GetProperty("license");
        Assert.Equal(3, license.GetProperty("limits").GetProperty("projects").GetInt64());
        Assert.False(license.GetProperty("limits").TryGetProperty("seats", out _));

        var file = json.RootElement.GetProperty("license_file").GetString()!;
        var result = new LicenseVerifier([_server.Ca.Root], _server.Time)
            .Verify(file, new LicenseVerificationContext { Product = "projects-service", Mode = DeploymentMode.SelfHosted }, _server.Time.GetUtcNow());
        Assert.True(result.IsValid, result.Detail);
        Assert.Equal(3, result.Claims!.Limits["projects"]);
        Assert.Equal(250, result.Claims.Limits["items"]);
        Assert.Equal(2, result.Claims.Limits.Count);
        Assert.Contains("tier:pro", result.Claims.Features);
    }

    [Theory]
    [InlineData("""{"Projects":3}""", "limit name 'Projects'")]
    [InlineData("""{"projects":-1}""", "projects is -1")]
    public async Task Create_BadLimit_ValidationProblemSaysWhy(string limits, string reason)
    {
        using var admin = _server.Admin();
        var response = await admin.PostAsync("/api/v1/admin/licenses", Json(
            $$"""{"customer":"A","mode":"self-hosted","expires_at":"2099-01-01T00:00:00Z","limits":{{limits}}}"""));
        var json = await AssertProblemAsync(response, HttpStatusCode.BadRequest, "validation");
        Assert.Contains(reason, json.RootElement.GetProperty("errors").GetProperty("limits")[0].GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_KeyIsNotStoredAnywhere()
    {
        var (_, key, _) = await _server.CreateLicenseAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        var bytes = await File.ReadAllBytesAsync(Path.Combine(_server.DataDirectory, "licenses.db"));
        var wal = Path.Combine(_server.DataDirectory, "licenses.db-wal");
        var all = Encoding.ASCII.GetString(bytes) + (File.Exists(wal) ? Encoding.ASCII.GetString(await File.ReadAllBytesAsync(wal)) : "");
        Assert.DoesNotContain(key[7..], all, StringComparison.Ordinal);

        using var admin = _server.Admin();
        var list = await admin.GetStringAsync("/api/v1/admin/licenses");
        Assert.DoesNotContain(key[7..], list, StringComparison.Ordinal);
        Assert.Contains("GLYPHH-****-****-****-" + key[^4..], list, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_InvalidFields_ValidationProblemListsEveryField()
    {
        using var admin = _server.Admin();
        var response = await admin.PostAsync("/api/v1/admin/licenses", Json(
            """{"customer":"","mode":"onprem","expires_at":"2001-01-01T00:00:00Z","limits":{"CPUs":4},"max_machines":0,"features":["Bad Name"]}"""));
        var json = await AssertProblemAsync(response, HttpStatusCode.BadRequest, "validation");
        var errors = json.RootElement.GetProperty("errors");
        foreach (var field in new[] { "customer", "mode", "expires_at", "limits", "max_machines", "features" })
        {
            Assert.True(errors.TryGetProperty(field, out _), field);
        }
    }

    [Theory]
    [InlineData("{\"customer\": \"Acme\",")]
    [InlineData("[1,2,3]")]
    [InlineData("null")]
    [InlineData("{\"customer\": \"Acme\", \"colour\": \"blue\"}")]
    [InlineData("{\"customer\": 42}")]
    public async Task Create_MalformedJson_ProblemMalformedJson(string body)
    {
        using var admin = _server.Admin();
        await AssertProblemAsync(await admin.PostAsync("/api/v1/admin/licenses", Json(body)), HttpStatusCode.BadRequest, "malformed-json");
    }

    [Fact]
    public async Task Create_HugeBody_Problem413()
    {
        using var admin = _server.Admin();
        var body = "{\"customer\":\"" + new string('a', 100_000) + "\"}";
        await AssertProblemAsync(await admin.PostAsync("/api/v1/admin/licenses", Json(body)), HttpStatusCode.RequestEntityTooLarge, "payload-too-large");
    }

    [Fact]
    public async Task List_FiltersAndPages()
    {
        for (var i = 0; i < 3; i++)
        {
            await _server.CreateLicenseAsync();
            _server.Time.Advance(TimeSpan.FromSeconds(1));
        }
        var (other, _, _) = await _server.CreateLicenseAsync(product: "other-product");
        using var admin = _server.Admin();
        await admin.PostAsync($"/api/v1/admin/licenses/{other}/suspend", null);

        using var page = JsonDocument.Parse(await admin.GetStringAsync("/api/v1/admin/licenses?product=glyphh-runtime&limit=2&offset=0"));
        Assert.Equal(3, page.RootElement.GetProperty("total").GetInt64());
        Assert.Equal(2, page.RootElement.GetProperty("items").GetArrayLength());
        using var suspended = JsonDocument.Parse(await admin.GetStringAsync("/api/v1/admin/licenses?status=suspended&customer=acme"));
        Assert.Equal(other, Assert.Single(suspended.RootElement.GetProperty("items").EnumerateArray()).GetProperty("id").GetString());

        await AssertProblemAsync(await admin.GetAsync("/api/v1/admin/licenses?limit=0"), HttpStatusCode.BadRequest, "validation");
        await AssertProblemAsync(await admin.GetAsync("/api/v1/admin/licenses?status=lost"), HttpStatusCode.BadRequest, "validation");
    }

    [Fact]
    public async Task Show_UnknownLicense_404Problem()
    {
        using var admin = _server.Admin();
        await AssertProblemAsync(await admin.GetAsync("/api/v1/admin/licenses/lic_nope"), HttpStatusCode.NotFound, "not-found");
        await AssertProblemAsync(await admin.PostAsync("/api/v1/admin/licenses/lic_nope/revoke", null), HttpStatusCode.NotFound, "not-found");
    }

    [Fact]
    public async Task Show_ExpiredLicense_StatusExpired()
    {
        var (id, _, _) = await _server.CreateLicenseAsync(expires: _server.Time.GetUtcNow().AddHours(1));
        _server.Time.Advance(TimeSpan.FromHours(2));
        using var admin = _server.Admin();
        using var json = JsonDocument.Parse(await admin.GetStringAsync($"/api/v1/admin/licenses/{id}"));
        Assert.Equal("expired", json.RootElement.GetProperty("status").GetString());
    }

    [Fact]
    public async Task SuspendReinstateRevoke_ChangeStateWriteAuditRowsAndRevokeIsFinal()
    {
        var (id, _, _) = await _server.CreateLicenseAsync();
        using var admin = _server.Admin();
        var suspend = await admin.PostAsync($"/api/v1/admin/licenses/{id}/suspend", Json("""{"reason":"invoice overdue"}"""));
        using (var json = JsonDocument.Parse(await suspend.Content.ReadAsStringAsync()))
        {
            Assert.Equal("suspended", json.RootElement.GetProperty("status").GetString());
            Assert.Equal("invoice overdue", json.RootElement.GetProperty("status_reason").GetString());
        }
        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsync($"/api/v1/admin/licenses/{id}/reinstate", null)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsync($"/api/v1/admin/licenses/{id}/revoke", Json("""{"reason":"contract ended"}"""))).StatusCode);
        await AssertProblemAsync(await admin.PostAsync($"/api/v1/admin/licenses/{id}/reinstate", null), HttpStatusCode.Conflict, "conflict");

        var audit = await AuditAsync(id);
        Assert.Equal(["license.revoke", "license.reinstate", "license.suspend", "license.create"], audit.Select(a => a.GetProperty("action").GetString()));
        Assert.All(audit, a => Assert.Equal("ops", a.GetProperty("actor").GetString()));
        Assert.Contains("contract ended", audit[0].GetProperty("detail").GetString()!, StringComparison.Ordinal);
        Assert.All(audit, a => Assert.True(a.GetProperty("at").GetDateTimeOffset() <= _server.Time.GetUtcNow()));
    }

    [Fact]
    public async Task StateChange_MalformedReason_ProblemMalformedJson()
    {
        var (id, _, _) = await _server.CreateLicenseAsync();
        using var admin = _server.Admin();
        await AssertProblemAsync(await admin.PostAsync($"/api/v1/admin/licenses/{id}/suspend", Json("{reason")), HttpStatusCode.BadRequest, "malformed-json");
    }

    [Fact]
    public async Task Activations_ListAndRemove_FreesSeatAndAudits()
    {
        var (id, key, _) = await _server.CreateLicenseAsync(maxMachines: 1);
        await _server.ValidateAsync(key, machine: 1);
        using var admin = _server.Admin();
        using var list = JsonDocument.Parse(await admin.GetStringAsync($"/api/v1/admin/licenses/{id}/activations"));
        Assert.Equal(1, list.RootElement.GetProperty("active").GetInt32());
        Assert.Equal(1, list.RootElement.GetProperty("max_machines").GetInt32());
        var activation = Assert.Single(list.RootElement.GetProperty("items").EnumerateArray());
        Assert.Equal(ServerFactory.Fingerprint(1), activation.GetProperty("fingerprint_hash").GetString());
        Assert.Equal("1.2.3", activation.GetProperty("last_version").GetString());
        var activationId = activation.GetProperty("id").GetString();

        Assert.Equal(LicenseReceiptStatus.TooManyMachines, (await _server.ValidateAsync(key, machine: 2)).Status);
        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/api/v1/admin/licenses/{id}/activations/{activationId}")).StatusCode);
        await AssertProblemAsync(await admin.DeleteAsync($"/api/v1/admin/licenses/{id}/activations/{activationId}"), HttpStatusCode.NotFound, "not-found");
        Assert.Equal(LicenseReceiptStatus.Valid, (await _server.ValidateAsync(key, machine: 2)).Status);
        Assert.Equal("activation.remove", (await AuditAsync(id))[0].GetProperty("action").GetString());
    }

    [Fact]
    public async Task File_ReturnsTheOfflineLicense()
    {
        var (id, _, file) = await _server.CreateLicenseAsync();
        using var admin = _server.Admin();
        Assert.Equal(file, await admin.GetStringAsync($"/api/v1/admin/licenses/{id}/file"));
    }

    [Fact]
    public async Task UnknownPath_404Problem()
    {
        using var client = _server.CreateClient();
        await AssertProblemAsync(await client.GetAsync("/api/v1/nothing-here"), HttpStatusCode.NotFound, "not-found");
    }

    [Fact]
    public async Task Create_WithJsonContent_ViaHelper_UsesSnakeCase()
    {
        using var admin = _server.Admin();
        var response = await admin.PostAsJsonAsync("/api/v1/admin/licenses", new Dictionary<string, object>
        {
            ["customer"] = "Globex", ["mode"] = "cloud", ["expires_at"] = _server.Time.GetUtcNow().AddDays(30), ["revalidate_hours"] = 6, ["grace_days"] = 2,
        });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var license = json.RootElement.GetProperty("license");
        Assert.Equal("glyphh-runtime", license.GetProperty("product").GetString());
        Assert.Equal(6, license.GetProperty("revalidate_hours").GetInt32());
        Assert.Equal(2, license.GetProperty("grace_days").GetInt32());
        Assert.Equal("active", license.GetProperty("status").GetString());
    }
}
