using Glyphh.TestSupport;
using System.Net;
using System.Text.Json;
using Glyphh.Licensing.Tests.Support;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace Glyphh.Licensing.Tests.Hosting;

public sealed class LicenseGateTests : IDisposable
{
    private static readonly TestPki Pki = new();
    private readonly TempDirectory _data = new();
    private readonly FakeTimeProvider _time = new(TestPki.T0.AddDays(10));

    public void Dispose() => _data.Dispose();

    private Action<GlyphhLicensingOptions> SelfHosted(string license, string? machineId = "machine-a") => o =>
    {
        o.Mode = DeploymentMode.SelfHosted;
        o.LicenseKey = license;
        o.RootCertificatesPem = Pki.RootPem;
        o.DataDirectory = _data.Path;
        o.MachineId = machineId;
    };

    private static async Task<JsonElement> ProblemAsync(HttpResponseMessage response)
    {
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
    }

    [Fact]
    public async Task LocalMode_ServesWithTheHostsLocalLimits()
    {
        await using var app = await LicensedApp.StartAsync(_time, o =>
        {
            o.DataDirectory = _data.Path;
            o.LocalLimits["projects"] = 1;
            o.LocalLimits["items"] = 1000;
        });

        Assert.Equal(LicenseStatus.Unlicensed, app.State.Current.Status);
        Assert.Equal(1, app.State.Current.Limits.Get("projects"));
        Assert.Equal(1000, app.State.Current.Limits.Get("items"));
        Assert.Null(app.State.Current.Limits.Get("seats"));
        Assert.False(app.State.Current.Limits.AllowsAnother("projects", 1));
        Assert.Equal("Local mode: no license required; limits: items=1000, projects=1.", app.State.Current.Reason);
        Assert.Equal(HttpStatusCode.OK, (await app.Client.GetAsync("/api/thing")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await app.Client.GetAsync("/premium")).StatusCode);
        Assert.False(File.Exists(Path.Combine(_data.Path, "license-state.json")));
    }

    [Fact]
    public async Task CloudMode_ServesUnlimited()
    {
        await using var app = await LicensedApp.StartAsync(_time, o => o.Mode = DeploymentMode.Cloud);

        Assert.Equal(LicenseStatus.Unlicensed, app.State.Current.Status);
        Assert.Null(app.State.Current.Limits.Get("projects"));
        Assert.Empty(app.State.Current.Limits.Values);
        Assert.True(app.State.Current.Limits.AllowsAnother("projects", long.MaxValue - 1));
    }

    [Fact]
    public async Task ValidOfflineLicense_ServesWithLicenseLimitsAndFeatures()
    {
        await using var app = await LicensedApp.StartAsync(_time, SelfHosted(Pki.Issuer.IssueLicense(TestPki.Claims())));

        var state = app.State.Current;
        Assert.Equal(LicenseStatus.Valid, state.Status);
        Assert.Equal(10, state.Limits.Get("projects"));
        Assert.Equal(50_000, state.Limits.Get("items"));
        Assert.Equal("lic-0001", state.LicenseId);
        Assert.Equal(HttpStatusCode.OK, (await app.Client.GetAsync("/api/thing")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await app.Client.GetAsync("/premium")).StatusCode);
    }

    [Fact]
    public async Task FeatureNotInLicense_Returns403Problem()
    {
        await using var app = await LicensedApp.StartAsync(_time, SelfHosted(Pki.Issuer.IssueLicense(TestPki.Claims())));

        var response = await app.Client.GetAsync("/gold");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        var problem = await ProblemAsync(response);
        Assert.Equal("https://glyphh.dev/problems/feature-not-licensed", problem.GetProperty("type").GetString());
        Assert.Equal("gold", problem.GetProperty("feature").GetString());
    }

    [Fact]
    public async Task ExpiredLicense_Returns503ExceptOnExcludedPaths()
    {
        var license = Pki.Issuer.IssueLicense(TestPki.Claims(expiresAt: _time.GetUtcNow().AddDays(-1)));
        await using var app = await LicensedApp.StartAsync(_time, SelfHosted(license));

        var response = await app.Client.GetAsync("/api/thing");

        Assert.Equal(LicenseStatus.Expired, app.State.Current.Status);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        var problem = await ProblemAsync(response);
        Assert.Equal("https://glyphh.dev/problems/license-expired", problem.GetProperty("type").GetString());
        Assert.Equal("expired", problem.GetProperty("license_status").GetString());
        Assert.Equal(HttpStatusCode.OK, (await app.Client.GetAsync("/health")).StatusCode);
        // Readiness stays 200 (degraded) by default, so an expired license never empties a load balancer.
        var ready = await app.Client.GetAsync("/health/ready");
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal("Degraded", await ready.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task ExpiredLicense_InvalidLicenseHealthStatusUnhealthy_Readiness503()
    {
        var license = Pki.Issuer.IssueLicense(TestPki.Claims(expiresAt: _time.GetUtcNow().AddDays(-1)));
        var configure = SelfHosted(license);
        await using var app = await LicensedApp.StartAsync(_time, o =>
        {
            configure(o);
            o.InvalidLicenseHealthStatus = Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Unhealthy;
        });

        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await app.Client.GetAsync("/api/thing")).StatusCode);
        var ready = await app.Client.GetAsync("/health/ready");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        Assert.Equal("Unhealthy", await ready.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task WrongModeLicense_Returns503LicenseInvalid()
    {
        var license = Pki.Issuer.IssueLicense(TestPki.Claims(mode: DeploymentMode.Cloud));
        await using var app = await LicensedApp.StartAsync(_time, SelfHosted(license));

        var response = await app.Client.GetAsync("/api/thing");

        Assert.Equal(LicenseStatus.Invalid, app.State.Current.Status);
        Assert.Contains("WrongMode", app.State.Current.Reason, StringComparison.Ordinal);
        var problem = await ProblemAsync(response);
        Assert.Equal(503, problem.GetProperty("status").GetInt32());
        Assert.Equal("https://glyphh.dev/problems/license-invalid", problem.GetProperty("type").GetString());
    }

    [Fact]
    public async Task TamperedLicense_IsInvalidAndNeverLogged()
    {
        var der = Pki.Issuer.IssueLicenseDer(TestPki.Claims());
        der[der.AsSpan().IndexOf("Acme"u8)] = (byte)'X';
        var license = LicenseArmor.Encode(der);
        await using var app = await LicensedApp.StartAsync(_time, SelfHosted(license));

        Assert.Equal(LicenseStatus.Invalid, app.State.Current.Status);
        Assert.Contains("BadSignature", app.State.Current.Reason, StringComparison.Ordinal);
        var body = license.Split('\n')[1];
        Assert.DoesNotContain(app.Logs.GetSnapshot(), r => r.Message.Contains(body, StringComparison.Ordinal));
    }

    [Fact]
    public async Task MachineBoundLicense_ConfiguredMachineId_IsValid()
    {
        var bound = MachineFingerprint.Compute(TestPki.Product, "container-42");
        await using var app = await LicensedApp.StartAsync(_time, SelfHosted(Pki.Issuer.IssueLicense(TestPki.Claims(machines: [bound])), "container-42"));

        Assert.Equal(LicenseStatus.Valid, app.State.Current.Status);
    }

    [Fact]
    public async Task MachineBoundLicense_OtherMachine_IsInvalid()
    {
        var bound = MachineFingerprint.Compute(TestPki.Product, "container-42");
        await using var app = await LicensedApp.StartAsync(_time, SelfHosted(Pki.Issuer.IssueLicense(TestPki.Claims(machines: [bound])), "container-43"));

        Assert.Equal(LicenseStatus.Invalid, app.State.Current.Status);
        Assert.Contains("WrongMachine", app.State.Current.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LicenseWithinWarningWindow_IsExpiringAndDegraded()
    {
        var license = Pki.Issuer.IssueLicense(TestPki.Claims(expiresAt: _time.GetUtcNow().AddDays(3)));
        await using var app = await LicensedApp.StartAsync(_time, SelfHosted(license));

        Assert.Equal(LicenseStatus.Expiring, app.State.Current.Status);
        var ready = await app.Client.GetAsync("/health/ready");
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal("Degraded", await ready.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, (await app.Client.GetAsync("/api/thing")).StatusCode);
    }

    [Fact]
    public async Task LicenseExpiresWhileRunning_TransitionsOnceAndRaisesChanged()
    {
        var expires = _time.GetUtcNow().AddDays(20);
        var license = Pki.Issuer.IssueLicense(TestPki.Claims(expiresAt: expires));
        await using var app = await LicensedApp.StartAsync(_time, SelfHosted(license));
        var changes = new List<LicenseStateChangedEventArgs>();
        app.State.Changed += (_, e) => { lock (changes) { changes.Add(e); } };
        Assert.Equal(LicenseStatus.Valid, app.State.Current.Status);

        await app.WaitForAsync(s => s.Status == LicenseStatus.Expired, _time, TimeSpan.FromHours(12));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await app.Client.GetAsync("/api/thing")).StatusCode);
        lock (changes)
        {
            Assert.Equal([LicenseStatus.Expiring, LicenseStatus.Expired], changes.Where(c => c.Previous.Status != c.Current.Status).Select(c => c.Current.Status));
        }

        var transitions = app.Logs.GetSnapshot().Where(r => r.Id.Name == "LicenseStateChanged").Select(r => r.Message).ToList();
        Assert.Single(transitions, m => m.Contains("from Expiring to Expired", StringComparison.Ordinal));
        Assert.Single(transitions, m => m.Contains("from Valid to Expiring", StringComparison.Ordinal));
        Assert.Equal(LogLevel.Error, app.Logs.GetSnapshot().Last(r => r.Id.Name == "LicenseStateChanged").Level);
    }

    [Fact]
    public async Task Metrics_ReportStateAndExpiry()
    {
        var license = Pki.Issuer.IssueLicense(TestPki.Claims(expiresAt: _time.GetUtcNow().AddDays(100)));
        await using var app = await LicensedApp.StartAsync(_time, SelfHosted(license));
        var factory = app.App.Services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>();
        using var state = new MetricCollector<int>(factory, "Glyphh.Licensing", "glyphh.license.state");
        using var expiry = new MetricCollector<double>(factory, "Glyphh.Licensing", "glyphh.license.expiry.remaining");

        state.RecordObservableInstruments();
        expiry.RecordObservableInstruments();

        var measurements = state.GetMeasurementSnapshot();
        Assert.Equal(1, Assert.Single(measurements, m => m.Value == 1).Tags["state"] is "valid" ? 1 : 0);
        Assert.Equal(6, measurements.Count);
        Assert.Equal(TimeSpan.FromDays(100).TotalSeconds, expiry.LastMeasurement!.Value, 1);
    }

    [Fact]
    public async Task ClockMovedBackBehindHighWaterMark_EvaluatesAtHighWaterMark()
    {
        var expires = _time.GetUtcNow().AddDays(30);
        var license = Pki.Issuer.IssueLicense(TestPki.Claims(expiresAt: expires));
        await using (var first = await LicensedApp.StartAsync(_time, SelfHosted(license)))
        {
            await first.WaitForAsync(s => s.Status == LicenseStatus.Expired, _time, TimeSpan.FromDays(1));
        }

        // Restart with the clock set back to a time when the license was still valid.
        var rolledBack = new FakeTimeProvider(expires.AddDays(-10));
        await using var second = await LicensedApp.StartAsync(rolledBack, SelfHosted(license));

        Assert.Equal(LicenseStatus.Expired, second.State.Current.Status);
        Assert.Contains(second.Logs.GetSnapshot(), r => r.Id.Name == "LicenseClockMovedBack");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await second.Client.GetAsync("/api/thing")).StatusCode);
    }

    [Fact]
    public async Task CorruptStateFile_IsLoggedAndIgnored()
    {
        await File.WriteAllTextAsync(Path.Combine(_data.Path, "license-state.json"), "{ this is not json");
        await using var app = await LicensedApp.StartAsync(_time, SelfHosted(Pki.Issuer.IssueLicense(TestPki.Claims())));

        Assert.Equal(LicenseStatus.Valid, app.State.Current.Status);
        Assert.Contains(app.Logs.GetSnapshot(), r => r.Id.Name == "LicenseStateUnreadable");
    }

    [Fact]
    public async Task LicenseFile_IsRead()
    {
        var file = Path.Combine(_data.Path, "license.txt");
        await File.WriteAllTextAsync(file, Pki.Issuer.IssueLicense(TestPki.Claims()));
        await using var app = await LicensedApp.StartAsync(_time, o =>
        {
            SelfHosted(string.Empty)(o);
            o.LicenseKey = null;
            o.LicenseFile = file;
        });

        Assert.Equal(LicenseStatus.Valid, app.State.Current.Status);
    }

    [Fact]
    public async Task CustomExcludedPaths_ReplaceDefaults()
    {
        var license = Pki.Issuer.IssueLicense(TestPki.Claims(expiresAt: _time.GetUtcNow().AddDays(-1)));
        await using var app = await LicensedApp.StartAsync(_time, o =>
        {
            SelfHosted(license)(o);
            o.ExcludedPaths = ["/api"];
        });

        Assert.Equal(HttpStatusCode.OK, (await app.Client.GetAsync("/api/thing")).StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await app.Client.GetAsync("/health")).StatusCode);
    }
}
