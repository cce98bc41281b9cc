using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Glyphh.LicenseServer.Tests.Http;
using Glyphh.Licensing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace Glyphh.LicenseServer.Tests.EndToEnd;

/// <summary>
/// A self-hosted product (Glyphh.Licensing's call-home client and request gate) against this server on loopback:
/// valid; revoked, then 503 at the next revalidation while health answers; server gone, then serving in grace.
/// </summary>
public sealed class CallHomeEndToEndTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _time = new(DateTimeOffset.UtcNow);
    private readonly string _root = Path.Combine(Path.GetTempPath(), "glyphh-e2e-" + Guid.NewGuid().ToString("N")[..12]);
    private TestCa _ca = null!;
    private KestrelLicenseServer _server = null!;

    public async Task InitializeAsync()
    {
        _ca = new TestCa(_time.GetUtcNow(), Path.Combine(_root, "ca"));
        _server = await KestrelLicenseServer.StartAsync(_time, Path.Combine(_root, "server"), _ca);
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _ca.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_root, recursive: true);
    }

    private async Task<(string Id, string Key)> CreateLicenseAsync()
    {
        using var admin = _server.Admin();
        var response = await admin.PostAsJsonAsync("api/v1/admin/licenses", new Dictionary<string, object>
        {
            ["customer"] = "Acme Corp", ["mode"] = "self-hosted", ["expires_at"] = _time.GetUtcNow().AddDays(365),
            ["limits"] = new Dictionary<string, long> { ["models"] = 3 }, ["max_machines"] = 2,
        });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return (json.RootElement.GetProperty("license").GetProperty("id").GetString()!, json.RootElement.GetProperty("key").GetString()!);
    }

    private async Task<BoundedHost> StartProductAsync(string key)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseTestServer();
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton<TimeProvider>(_time);
        builder.Services.AddGlyphhLicensing(o =>
        {
            o.Mode = DeploymentMode.SelfHosted;
            o.Product = "glyphh-runtime";
            o.LicenseKey = key;
            o.RootCertificatesPem = _ca.RootPem;
            o.ServerUrl = _server.Url;
            o.DataDirectory = Path.Combine(_root, "product");
            o.MachineId = "e2e-machine";
            o.ProductVersion = "1.0.0";
        });
        var app = builder.Build();
        app.UseGlyphhLicensing();
        app.MapGet("/health", () => "ok");
        app.MapGet("/models", () => "[]");
        await app.StartAsync();
        return new BoundedHost(app);
    }

    /// <summary>The product, stopped and disposed within real-time bounds when the test ends.</summary>
    private sealed class BoundedHost(WebApplication app) : IAsyncDisposable
    {
        public WebApplication App { get; } = app;

        public ValueTask DisposeAsync() => new(RealTime.StopAndDisposeAsync(App, "the product"));
    }

    /// <summary>Waits in real time for the background validation, advancing the fake clock by <paramref name="step"/> each round.</summary>
    private async Task<LicenseSnapshot> WaitForAsync(WebApplication app, Func<LicenseSnapshot, bool> predicate, TimeSpan? step = null)
    {
        var state = app.Services.GetRequiredService<ILicenseState>();
        for (var i = 0; i < 1500; i++)
        {
            if (predicate(state.Current))
            {
                return state.Current;
            }
            if (step is { } s)
            {
                await RealTime.AdvanceAsync(_time, s);
            }
            await Task.Delay(20);
        }
        throw new Xunit.Sdk.XunitException($"The product's license state never matched; it is {state.Current}.");
    }

    [Fact]
    public async Task SelfHosted_ValidThenRevoked_503AtNextRevalidationWhileHealthAnswers()
    {
        var (id, key) = await CreateLicenseAsync();
        await using var product = await StartProductAsync(key);
        using var client = product.App.GetTestClient();

        var valid = await WaitForAsync(product.App, s => s.Status == LicenseStatus.Valid);
        Assert.Equal(id, valid.LicenseId);
        Assert.Equal(3, valid.Limits.Get("models"));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/models")).StatusCode);

        using (var admin = _server.Admin())
        {
            Assert.Equal(HttpStatusCode.OK, (await admin.PostAsync($"api/v1/admin/licenses/{id}/revoke", null)).StatusCode);
            using var activations = JsonDocument.Parse(await admin.GetStringAsync($"api/v1/admin/licenses/{id}/activations"));
            Assert.Equal(MachineFingerprint.Compute("glyphh-runtime", "e2e-machine"),
                Assert.Single(activations.RootElement.GetProperty("items").EnumerateArray()).GetProperty("fingerprint_hash").GetString());
        }
        // Revocation takes effect at the next revalidation, not before.
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/models")).StatusCode);

        // One jump past the revalidation time (24 h less up to 10% jitter), then real-time waiting: the receipt's
        // server time and the product's clock stay together.
        await RealTime.AdvanceAsync(_time, TimeSpan.FromHours(24));
        var revoked = await WaitForAsync(product.App, s => s.Status != LicenseStatus.Valid);
        Assert.Equal(LicenseStatus.Invalid, revoked.Status);
        Assert.Contains("revoked", revoked.Reason, StringComparison.Ordinal);
        var refused = await client.GetAsync("/models");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
        Assert.Contains("license-invalid", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health")).StatusCode);
    }

    [Fact]
    public async Task SelfHosted_ServerStopped_KeepsServingInGrace()
    {
        var (_, key) = await CreateLicenseAsync();
        await using var product = await StartProductAsync(key);
        using var client = product.App.GetTestClient();
        var valid = await WaitForAsync(product.App, s => s.Status == LicenseStatus.Valid);

        await _server.StopAsync();
        var grace = await WaitForAsync(product.App, s => s.Status == LicenseStatus.Grace, TimeSpan.FromHours(1));

        Assert.Equal(valid.LastValidatedAt!.Value.AddDays(7), grace.GraceEndsAt);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/models")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health")).StatusCode);
    }

    [Fact]
    public async Task SelfHosted_SeatLimitReached_ThirdMachineRefused()
    {
        var (_, key) = await CreateLicenseAsync();
        for (var machine = 1; machine <= 3; machine++)
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.WebHost.UseTestServer();
            builder.Logging.ClearProviders();
            builder.Services.AddSingleton<TimeProvider>(_time);
            var m = machine;
            builder.Services.AddGlyphhLicensing(o =>
            {
                o.Mode = DeploymentMode.SelfHosted;
                o.Product = "glyphh-runtime";
                o.LicenseKey = key;
                o.RootCertificatesPem = _ca.RootPem;
                o.ServerUrl = _server.Url;
                o.DataDirectory = Path.Combine(_root, "product-" + m);
                o.MachineId = "seat-machine-" + m;
            });
            await using var bounded = new BoundedHost(builder.Build());
            var app = bounded.App;
            app.UseGlyphhLicensing();
            await app.StartAsync();
            var state = await WaitForAsync(app, s => !s.Reason.StartsWith("Waiting", StringComparison.Ordinal));
            Assert.True((m <= 2 ? LicenseStatus.Valid : LicenseStatus.Invalid) == state.Status, $"machine {m}: {state}");
            if (m == 3)
            {
                Assert.Contains("too_many_machines", state.Reason, StringComparison.Ordinal);
            }
        }
    }
}
