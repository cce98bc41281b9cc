using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Glyphh.LicenseServer.Tests.Http;
using Glyphh.TestSupport;
using Xunit.Abstractions;

namespace Glyphh.LicenseServer.Tests.EndToEnd;

/// <summary>
/// The built sample runtime (a child process, DEPLOYMENT_MODE=self-hosted, online key) against this server on
/// loopback, both on the real clock: valid; revoked, then 503 at the next revalidation while health, metrics and
/// /license answer; server stopped and started again under write load, and no request fails in grace.
/// The server caps revalidation at 2 s (MAX_REVALIDATION_INTERVAL) and the runtime retries every second
/// (Glyphh__Licensing__RetryInterval), so each step takes seconds.
/// </summary>
public sealed class SelfHostedRuntimeEndToEndTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const string JwtSecret = "e2e-jwt-secret-0123456789-abcdefghijklmnopqrstuvwxyz";
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(20);
    private readonly string _root = Directory.CreateTempSubdirectory("glyphh-e2e-runtime-").FullName;
    private TestCa _ca = null!;
    private KestrelLicenseServer _server = null!;

    public async Task InitializeAsync()
    {
        _ca = new TestCa(DateTimeOffset.UtcNow, Path.Combine(_root, "ca"));
        _server = await KestrelLicenseServer.StartAsync(TimeProvider.System, Path.Combine(_root, "server"), _ca, new Dictionary<string, string?>
        {
            ["MAX_REVALIDATION_INTERVAL"] = "00:00:02",
            ["VALIDATE_RATE_LIMIT"] = "1000",
        });
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _ca.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
            // A child process still closing its files; /tmp is cleaned anyway.
        }
    }

    [Fact]
    public async Task SelfHosted_Revoked_503AtNextRevalidationWhileHealthMetricsAndLicenseAnswer()
    {
        var (id, key) = await CreateLicenseAsync();
        await using var runtime = await StartRuntimeAsync(key, "e2e-revoke");
        using var admin = AdminClient(runtime);
        try
        {
            Assert.Equal("valid", await WaitForLicenseAsync(admin, "valid"));
            Assert.Equal(HttpStatusCode.Created, (await runtime.Client.PostAsJsonAsync("/models", new { name = "m1" })).StatusCode);
            Assert.True((await PutGlyphAsync(runtime.Client, "g-1")).IsSuccessStatusCode);
            Assert.Equal(HttpStatusCode.OK, (await runtime.Client.GetAsync("/models/m1/glyphs/g-1")).StatusCode);

            using (var server = _server.Admin())
            {
                Assert.Equal(HttpStatusCode.OK, (await server.PostAsync($"api/v1/admin/licenses/{id}/revoke", null)).StatusCode);
            }

            var refused = await WaitForStatusAsync(runtime.Client, "/models/m1/glyphs/g-1", HttpStatusCode.ServiceUnavailable);
            Assert.Equal("application/problem+json", refused.ContentType);
            using var problem = JsonDocument.Parse(refused.Body);
            Assert.Equal("https://glyphh.dev/problems/license-invalid", problem.RootElement.GetProperty("type").GetString());
            Assert.Equal(503, problem.RootElement.GetProperty("status").GetInt32());
            Assert.Equal(HttpStatusCode.ServiceUnavailable, (await PutGlyphAsync(runtime.Client, "g-2")).StatusCode);

            Assert.Equal(HttpStatusCode.OK, (await runtime.Client.GetAsync("/health")).StatusCode);
            var metrics = await runtime.Client.GetAsync("/metrics");
            Assert.Equal(HttpStatusCode.OK, metrics.StatusCode);
            Assert.Contains("glyphh_license", await metrics.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            using var license = JsonDocument.Parse(await admin.GetStringAsync("/license"));
            Assert.Equal("invalid", license.RootElement.GetProperty("status").GetString());
            Assert.Contains("revoked", license.RootElement.GetProperty("reason").GetString(), StringComparison.Ordinal);
        }
        catch
        {
            output.WriteLine(runtime.Output);
            throw;
        }
    }

    /// <summary>Issue 9's fault: the license server stopped and started again under load; no request fails because of it.</summary>
    [Fact]
    public async Task SelfHosted_LicenseServerStoppedAndRestartedUnderLoad_ServesInGraceWithoutAFailedRequest()
    {
        var (_, key) = await CreateLicenseAsync();
        await using var runtime = await StartRuntimeAsync(key, "e2e-grace");
        using var admin = AdminClient(runtime);
        var load = new WriteLoad { MaxWrites = 100_000, Pace = TimeSpan.FromMilliseconds(30) };
        try
        {
            Assert.Equal("valid", await WaitForLicenseAsync(admin, "valid"));
            Assert.Equal(HttpStatusCode.Created, (await runtime.Client.PostAsJsonAsync("/models", new { name = "m1" })).StatusCode);
            load.Start(runtime.Client, "m1", writers: 2);
            await Task.Delay(TimeSpan.FromSeconds(1));

            await _server.StopAsync();
            await WaitForLicenseAsync(admin, "grace");
            var atGrace = load.Acknowledged.Count;
            // Readiness stays 200: the license check is degraded in grace, and so is the whole.
            await WaitForReadinessAsync(runtime.Client, overall: "degraded", license: "degraded");
            using (var license = JsonDocument.Parse(await admin.GetStringAsync("/license")))
            {
                Assert.Equal(JsonValueKind.String, license.RootElement.GetProperty("grace_ends_at").ValueKind);
            }
            // Several failed call-homes (one a second) while the writers keep going.
            await Task.Delay(TimeSpan.FromSeconds(4));
            Assert.Equal("grace", await LicenseStatusAsync(admin));
            var inGrace = load.Acknowledged.Count - atGrace;

            await _server.StartAsync();
            Assert.Equal("valid", await WaitForLicenseAsync(admin, "valid"));
            await WaitForReadinessAsync(runtime.Client, overall: null, license: "ok");
            await Task.Delay(TimeSpan.FromSeconds(1));
            await load.StopAsync();

            Assert.True(load.Failures.Count == 0,
                $"{load.Failures.Count} requests failed, e.g. " + string.Join("; ", load.Failures.Take(3).Select(f => $"{f.Id}: {f.Status} {f.Body}")));
            Assert.True(inGrace >= 5, $"only {inGrace} writes were acknowledged in grace");
            output.WriteLine($"{load.Acknowledged.Count} writes acknowledged, {inGrace} of them in grace, none failed.");
        }
        catch
        {
            await load.StopAsync();
            output.WriteLine(runtime.Output);
            throw;
        }
    }

    private async Task<(string Id, string Key)> CreateLicenseAsync()
    {
        using var admin = _server.Admin();
        var response = await admin.PostAsJsonAsync("api/v1/admin/licenses", new Dictionary<string, object>
        {
            ["customer"] = "Acme Corp", ["mode"] = "self-hosted", ["expires_at"] = DateTimeOffset.UtcNow.AddDays(365),
            ["limits"] = new Dictionary<string, long> { ["models"] = 3, ["glyphs"] = 1_000_000 }, ["max_machines"] = 2,
        });
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, text);
        using var json = JsonDocument.Parse(text);
        return (json.RootElement.GetProperty("license").GetProperty("id").GetString()!, json.RootElement.GetProperty("key").GetString()!);
    }

    /// <summary>The runtime as an operator would run it self-hosted; its client carries a token with read and write on m1.</summary>
    private async Task<RuntimeProcess> StartRuntimeAsync(string key, string name)
    {
        var runtime = await RuntimeProcess.StartAsync(new Dictionary<string, string>
        {
            ["DEPLOYMENT_MODE"] = "self-hosted",
            ["LICENSE_KEY"] = key,
            ["LICENSE_SERVER_URL"] = _server.Url.ToString(),
            ["LICENSE_ROOT_CERT"] = Path.Combine(_ca.Directory, "root.crt"),
            ["JWT_SECRET_KEY"] = JwtSecret,
            ["GLYPHH_DATA_DIR"] = Path.Combine(_root, name),
            ["GLYPHH_MACHINE_ID"] = name,
            ["Glyphh__Licensing__RetryInterval"] = "00:00:01",
            // These tests poll GET /license far more often than the admin routes' default 10 a minute allows.
            ["RATE_LIMIT_ADMIN_PER_MINUTE"] = "0",
        });
        runtime.Client.DefaultRequestHeaders.Authorization =
            new AuthenticationHeaderValue("Bearer", TestJwt.Mint(JwtSecret, "e2e-user", new() { ["m1"] = ["read", "write"] }));
        return runtime;
    }

    private static HttpClient AdminClient(RuntimeProcess runtime)
    {
        var client = new HttpClient { BaseAddress = runtime.Address, Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", TestJwt.PlatformAdmin(JwtSecret));
        return client;
    }

    private static Task<HttpResponseMessage> PutGlyphAsync(HttpClient client, string id) =>
        client.PutAsync($"/models/m1/glyphs/{id}", new StringContent("{\"vector\":[0.25,0.5,1],\"payload\":{}}", Encoding.UTF8, "application/json"));

    /// <summary>
    /// Polls /health/ready until the license check (and the whole, when given) reports the status. Polling, because on a
    /// loaded machine another check (disk, memory, database) can miss its timeout for a moment.
    /// </summary>
    private static async Task WaitForReadinessAsync(HttpClient client, string? overall, string license)
    {
        var watch = Stopwatch.StartNew();
        var last = "";
        while (watch.Elapsed < Within)
        {
            using var response = await client.GetAsync("/health/ready");
            last = $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}";
            using var ready = JsonDocument.Parse(last[4..]);
            var whole = ready.RootElement.GetProperty("status").GetString();
            if (ready.RootElement.GetProperty("checks").GetProperty("license").GetProperty("status").GetString() == license
                && (overall is null || (whole == overall && response.StatusCode == HttpStatusCode.OK)))
            {
                return;
            }
            await Task.Delay(200);
        }
        throw new Xunit.Sdk.XunitException($"/health/ready did not report license '{license}' (overall '{overall}') within {Within.TotalSeconds:0} s; last: {last}");
    }

    private static async Task<string> LicenseStatusAsync(HttpClient admin)
    {
        using var license = JsonDocument.Parse(await admin.GetStringAsync("/license"));
        return license.RootElement.GetProperty("status").GetString()!;
    }

    private static async Task<string> WaitForLicenseAsync(HttpClient admin, string status)
    {
        var watch = Stopwatch.StartNew();
        var last = "";
        while (watch.Elapsed < Within)
        {
            last = await LicenseStatusAsync(admin);
            if (last == status)
            {
                return last;
            }
            await Task.Delay(100);
        }
        throw new Xunit.Sdk.XunitException($"/license did not report '{status}' within {Within.TotalSeconds:0} s (last '{last}').");
    }

    private static async Task<(string? ContentType, string Body)> WaitForStatusAsync(HttpClient client, string path, HttpStatusCode status)
    {
        var watch = Stopwatch.StartNew();
        var last = HttpStatusCode.OK;
        while (watch.Elapsed < Within)
        {
            using var response = await client.GetAsync(path);
            last = response.StatusCode;
            if (last == status)
            {
                return (response.Content.Headers.ContentType?.MediaType, await response.Content.ReadAsStringAsync());
            }
            Assert.Equal(HttpStatusCode.OK, last);
            await Task.Delay(100);
        }
        throw new Xunit.Sdk.XunitException($"{path} did not answer {(int)status} within {Within.TotalSeconds:0} s (last {(int)last}).");
    }
}
