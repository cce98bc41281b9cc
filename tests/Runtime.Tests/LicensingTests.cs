using Glyphh.TestSupport;
using System.Net;
using Glyphh.Runtime.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Glyphh.Runtime.Tests;

/// <summary>Self-hosted mode with licenses issued in the test by a real vendor CA.</summary>
public sealed class LicensingTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly TestLicenses _licenses;

    public LicensingTests() => _licenses = new TestLicenses(_dir.Path);

    public void Dispose()
    {
        _licenses.Dispose();
        _dir.Dispose();
    }

    private async Task<Dictionary<string, string?>> SettingsAsync(string licenseFile)
    {
        var settings = await StorageKind.SettingsAsync(false, Path.Combine(_dir.Path, "data"), "self-hosted");
        settings["JWT_SECRET_KEY"] = Jwt.Secret;
        settings["LICENSE_FILE"] = licenseFile;
        settings["LICENSE_ROOT_CERT"] = _licenses.RootPemPath;
        return settings;
    }

    [Fact]
    public async Task ValidLicense_ServesApiWithTheLicenseLimits()
    {
        var file = _licenses.IssueFile(DateTimeOffset.UtcNow.AddDays(90), models: 2, glyphs: 3);
        await using var runtime = await RuntimeInstance.StartAsync(await SettingsAsync(file));
        using var admin = runtime.CreateClient(Jwt.Admin());

        var license = await (await admin.GetAsync("/license")).ReadJsonAsync();
        Assert.Equal("valid", license.GetProperty("status").GetString());
        Assert.Equal("self-hosted", license.GetProperty("mode").GetString());
        Assert.Equal(2, license.GetProperty("limits").GetProperty("models").GetInt64());
        Assert.Equal(3, license.GetProperty("limits").GetProperty("glyphs").GetInt64());
        Assert.Equal("Test Customer", license.GetProperty("customer").GetString());

        Assert.Equal(HttpStatusCode.Created, (await admin.PostJsonAsync("/models", """{"name":"a"}""")).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await admin.PostJsonAsync("/models", """{"name":"b"}""")).StatusCode);
        var third = await (await admin.PostJsonAsync("/models", """{"name":"c"}""")).AssertProblemAsync(403, "quota-exceeded");
        Assert.Equal("self-hosted", third.GetProperty("mode").GetString());
        Assert.Equal(2, third.GetProperty("limit").GetInt64());
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.Created, (await admin.PutJsonAsync($"/models/a/glyphs/g{i}", """{"vector":[1]}""")).StatusCode);
        }
        var glyph = await (await admin.PutJsonAsync("/models/a/glyphs/g3", """{"vector":[1]}""")).AssertProblemAsync(403, "quota-exceeded");
        Assert.Equal(3, glyph.GetProperty("limit").GetInt64());

        // /license is for platform admins only.
        using var user = runtime.CreateClient(Jwt.Mint("u", new() { ["a"] = ["admin"] }));
        await (await user.GetAsync("/license")).AssertProblemAsync(403, "forbidden");
        await (await runtime.Client.GetAsync("/license")).AssertProblemAsync(401, "unauthenticated");
    }

    [Fact]
    public async Task LicenseExpiresWhileRunning_Api503_ProbesMetricsAndLicenseStillAnswer()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var file = _licenses.IssueFile(DateTimeOffset.UtcNow.AddDays(3));
        await using var runtime = await RuntimeInstance.StartAsync(await SettingsAsync(file), b => b.Services.AddSingleton<TimeProvider>(time));
        using var admin = runtime.CreateClient(Jwt.Mint("admin", new() { ["*"] = ["admin"] }, TimeSpan.FromDays(30)));
        Assert.Equal(HttpStatusCode.Created, (await admin.PostJsonAsync("/models", """{"name":"a"}""")).StatusCode);

        time.Advance(TimeSpan.FromDays(4));
        HttpResponseMessage response;
        var deadline = DateTime.UtcNow.AddSeconds(20);
        var extraDays = 0;
        do
        {
            await Task.Delay(100);
            // A licensing timer armed while the clock jumped counts its wait from after the jump; a day more at a time
            // (well inside the token's 30 days) reaches it, as real time would.
            if (extraDays++ < 10)
            {
                time.Advance(TimeSpan.FromDays(1));
            }
            response = await admin.GetAsync("/models/a");
        }
        while (response.StatusCode != HttpStatusCode.ServiceUnavailable && DateTime.UtcNow < deadline);
        await response.AssertProblemAsync(503, "license-expired");
        await (await admin.PutJsonAsync("/models/a/glyphs/x", """{"vector":[1]}""")).AssertProblemAsync(503, "license-expired");

        Assert.Equal(HttpStatusCode.OK, (await runtime.Client.GetAsync("/health")).StatusCode);
        var metrics = await runtime.Client.GetAsync("/metrics");
        Assert.Equal(HttpStatusCode.OK, metrics.StatusCode);
        Assert.Contains("glyphh_license", await metrics.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var license = await (await admin.GetAsync("/license")).ReadJsonAsync();
        Assert.Equal("expired", license.GetProperty("status").GetString());
        // Degraded, not unhealthy: the replica stays in the load balancer and clients get the license-expired problem.
        var readiness = await runtime.Client.GetAsync("/health/ready");
        Assert.Equal(HttpStatusCode.OK, readiness.StatusCode);
        var ready = await readiness.ReadJsonAsync();
        Assert.Equal("degraded", ready.GetProperty("checks").GetProperty("license").GetProperty("status").GetString());
    }

    [Fact]
    public async Task ExpiredLicenseAtStart_Api503_LicenseEndpointExplains()
    {
        var file = _licenses.IssueFile(DateTimeOffset.UtcNow.AddDays(-1));
        await using var runtime = await RuntimeInstance.StartAsync(await SettingsAsync(file));
        using var admin = runtime.CreateClient(Jwt.Admin());
        await (await admin.GetAsync("/models")).AssertProblemAsync(503, "license-expired");
        Assert.Equal(HttpStatusCode.OK, (await runtime.Client.GetAsync("/health")).StatusCode);
        Assert.Equal("expired", (await (await admin.GetAsync("/license")).ReadJsonAsync()).GetProperty("status").GetString());
    }

    [Fact]
    public async Task TamperedLicense_Api503LicenseInvalid()
    {
        var file = _licenses.IssueFile(DateTimeOffset.UtcNow.AddDays(30));
        var lines = File.ReadAllLines(file);
        var body = lines[2].ToCharArray();
        body[10] = body[10] == 'A' ? 'B' : 'A';
        lines[2] = new string(body);
        File.WriteAllLines(file, lines);

        await using var runtime = await RuntimeInstance.StartAsync(await SettingsAsync(file));
        using var admin = runtime.CreateClient(Jwt.Admin());
        await (await admin.PostJsonAsync("/models", """{"name":"a"}""")).AssertProblemAsync(503, "license-invalid");
        Assert.Equal("invalid", (await (await admin.GetAsync("/license")).ReadJsonAsync()).GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.OK, (await runtime.Client.GetAsync("/health")).StatusCode);
    }
}
