using Glyphh.TestSupport;
using System.Net;
using Glyphh.Licensing.Issuing;
using Glyphh.Licensing.Tests.Support;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Time.Testing;

namespace Glyphh.Licensing.Tests.Hosting;

public sealed partial class OnlineValidationTests : IAsyncLifetime
{
    private static readonly TestPki Pki = new();
    private readonly TempDirectory _data = new();
    private readonly RollbackTimeProvider _time = new(TestPki.T0.AddDays(10));
    private readonly string _key = OnlineLicenseKeyGenerator.Generate();
    private FakeLicenseServer _server = null!;

    public async Task InitializeAsync() => _server = await FakeLicenseServer.StartAsync(Pki.Issuer, _time);

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _data.Dispose();
    }

    private Action<GlyphhLicensingOptions> Online(string? license = null) => o =>
    {
        o.Mode = DeploymentMode.SelfHosted;
        o.LicenseKey = license ?? _key.ToLowerInvariant();
        o.RootCertificatesPem = Pki.RootPem;
        o.DataDirectory = _data.Path;
        o.ServerUrl = _server.Url;
        o.MachineId = "machine-under-test";
        o.ProductVersion = "1.2.3";
    };

    private Task<LicensedApp> StartAsync(FakeTimeProvider? time = null, string? license = null)
        => LicensedApp.StartAsync(time ?? _time, Online(license));

    private static Task Abort(LicenseValidationRequest request, HttpContext context)
    {
        context.Abort();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task OnlineKey_ValidReceipt_IsValidWithServerLimits()
    {
        await using var app = await StartAsync();
        var factory = app.App.Services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>();
        using var validations = new MetricCollector<long>(factory, "Glyphh.Licensing", "glyphh.license.validations");

        var state = await app.WaitForAsync(s => s.Status == LicenseStatus.Valid);

        Assert.Equal(5, state.Limits.Get("projects"));
        Assert.Equal(20_000, state.Limits.Get("items"));
        Assert.Equal("lic-online-1", state.LicenseId);
        Assert.Equal(_time.GetUtcNow(), state.LastValidatedAt);
        Assert.True(state.HasFeature("search"));
        var request = Assert.Single(_server.Requests);
        Assert.Equal(_key, request.LicenseKey);
        Assert.Null(request.LicenseId);
        Assert.Equal(MachineFingerprint.Compute(TestPki.Product, "machine-under-test"), request.Fingerprint);
        Assert.Equal("1.2.3", request.Version);
        Assert.Equal(32, request.Nonce.Length);
        await app.WaitForAsync(_ => File.Exists(Path.Combine(_data.Path, "license-state.json")));
        Assert.Equal(HttpStatusCode.OK, (await app.Client.GetAsync("/api/thing")).StatusCode);
    }

    [Fact]
    public async Task Revalidation_RunsAgainWithinTheInterval()
    {
        await using var app = await StartAsync();
        await app.WaitForAsync(s => s.Status == LicenseStatus.Valid);

        for (var hours = 0; hours < 25 && _server.Requests.Count < 2; hours++)
        {
            _time.Advance(TimeSpan.FromHours(1));
            await Task.Delay(30);
        }

        Assert.Equal(2, _server.Requests.Count);
        var nonces = _server.Requests.Select(r => r.Nonce).ToList();
        Assert.NotEqual(nonces[0], nonces[1]);
        Assert.Equal(LicenseStatus.Valid, app.State.Current.Status);
    }

    [Fact]
    public async Task ServerDown_GraceForSevenDaysThen503()
    {
        await using var app = await StartAsync();
        var validatedAt = (await app.WaitForAsync(s => s.Status == LicenseStatus.Valid)).LastValidatedAt!.Value;
        _server.Respond = Abort;

        var grace = await app.WaitForAsync(s => s.Status == LicenseStatus.Grace, _time, TimeSpan.FromHours(1));

        Assert.Equal(validatedAt.AddDays(7), grace.GraceEndsAt);
        Assert.Equal(HttpStatusCode.OK, (await app.Client.GetAsync("/api/thing")).StatusCode);
        Assert.Equal("Degraded", await (await app.Client.GetAsync("/health/ready")).Content.ReadAsStringAsync());
        while (_time.GetUtcNow() < validatedAt.AddDays(7).AddHours(-1))
        {
            _time.Advance(TimeSpan.FromHours(1));
            await Task.Delay(10);
            Assert.Equal(LicenseStatus.Grace, app.State.Current.Status);
        }

        await app.WaitForAsync(s => s.Status == LicenseStatus.Expired, _time, TimeSpan.FromMinutes(20));

        var response = await app.Client.GetAsync("/api/thing");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Contains("license-expired", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await app.Client.GetAsync("/health")).StatusCode);
    }

    [Fact]
    public async Task RestartDuringGrace_KeepsTheSameGraceEnd()
    {
        DateTimeOffset graceEnd;
        await using (var first = await StartAsync())
        {
            await first.WaitForAsync(s => s.Status == LicenseStatus.Valid);
            _server.Respond = Abort;
            graceEnd = (await first.WaitForAsync(s => s.Status == LicenseStatus.Grace, _time, TimeSpan.FromHours(1))).GraceEndsAt!.Value;
        }

        _time.Advance(TimeSpan.FromDays(2));
        await using var second = await StartAsync();

        Assert.Equal(LicenseStatus.Grace, second.State.Current.Status);
        Assert.Equal(graceEnd, second.State.Current.GraceEndsAt);
        await second.WaitForAsync(_ => _server.Requests.Count >= 3 && second.Logs.GetSnapshot().Count(r => r.Id.Name == "LicenseValidationFailed") >= 1, _time, TimeSpan.FromSeconds(5));
        Assert.Equal(LicenseStatus.Grace, second.State.Current.Status);
        Assert.Equal(graceEnd, second.State.Current.GraceEndsAt);
    }

    [Fact]
    public async Task DeletedStateFile_GrantsNoExtraTime()
    {
        await using (var first = await StartAsync())
        {
            await first.WaitForAsync(s => s.Status == LicenseStatus.Valid);
        }

        File.Delete(Path.Combine(_data.Path, "license-state.json"));
        _server.Respond = Abort;
        await using var second = await StartAsync();

        var state = await second.WaitForAsync(s => s.Reason.Contains("could not be validated", StringComparison.Ordinal), _time, TimeSpan.FromSeconds(5));
        Assert.Equal(LicenseStatus.Invalid, state.Status);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await second.Client.GetAsync("/api/thing")).StatusCode);
    }

    [Fact]
    public async Task RevokedDuringGrace_EndsGraceAtOnce()
    {
        await using var app = await StartAsync();
        await app.WaitForAsync(s => s.Status == LicenseStatus.Valid);
        _server.Respond = (_, context) =>
        {
            context.Response.StatusCode = 503;
            return Task.CompletedTask;
        };
        await app.WaitForAsync(s => s.Status == LicenseStatus.Grace, _time, TimeSpan.FromHours(1));

        _server.Respond = (request, context) => FakeLicenseServer.WriteAsync(context, Pki.Issuer.CreateValidationResponse(_server.Receipt(request, LicenseReceiptStatus.Revoked)));
        var state = await app.WaitForAsync(s => s.Status != LicenseStatus.Grace, _time, TimeSpan.FromMinutes(10));

        Assert.Equal(LicenseStatus.Invalid, state.Status);
        Assert.Contains("revoked", state.Reason, StringComparison.Ordinal);
        Assert.True(_time.GetUtcNow() < state.GraceEndsAt.GetValueOrDefault(DateTimeOffset.MaxValue));
        var response = await app.Client.GetAsync("/api/thing");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Contains("license-invalid", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(LicenseReceiptStatus.TooManyMachines, LicenseStatus.Invalid)]
    [InlineData(LicenseReceiptStatus.Unknown, LicenseStatus.Invalid)]
    [InlineData(LicenseReceiptStatus.Suspended, LicenseStatus.Invalid)]
    [InlineData(LicenseReceiptStatus.Expired, LicenseStatus.Expired)]
    public async Task DefinitiveAnswer_SetsStateAtOnce(LicenseReceiptStatus answer, LicenseStatus expected)
    {
        _server.Respond = (request, context) => FakeLicenseServer.WriteAsync(context, Pki.Issuer.CreateValidationResponse(_server.Receipt(request, answer)));
        await using var app = await StartAsync();

        var state = await app.WaitForAsync(s => s.Reason.Contains("refused by test", StringComparison.Ordinal));

        Assert.Equal(expected, state.Status);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await app.Client.GetAsync("/api/thing")).StatusCode);
    }

    [Fact]
    public async Task ReplayedReceipt_NonceMismatch_IsRefused()
    {
        byte[]? first = null;
        _server.Respond = (request, context) =>
        {
            first ??= Pki.Issuer.CreateValidationResponse(_server.Receipt(request)).ToUtf8Json();
            context.Response.ContentType = "application/json";
            return context.Response.Body.WriteAsync(first).AsTask();
        };
        await using var app = await StartAsync();
        await app.WaitForAsync(s => s.Status == LicenseStatus.Valid);

        // Large clock steps may also time out a request in flight; wait for the nonce refusal itself.
        var state = await app.WaitForAsync(s => s.Reason.Contains("nonce", StringComparison.Ordinal), _time, TimeSpan.FromHours(1));

        Assert.Equal(LicenseStatus.Grace, state.Status);
        Assert.Contains(app.Logs.GetSnapshot(), r => r.Id.Name == "LicenseValidationFailed" && r.Message.Contains("nonce_mismatch", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ForgedNonce_FirstValidation_IsInvalid()
    {
        _server.Respond = (request, context) => FakeLicenseServer.WriteAsync(context, Pki.Issuer.CreateValidationResponse(_server.Receipt(request, nonce: "0123456789abcdef0123456789abcdef")));
        await using var app = await StartAsync();

        var state = await app.WaitForAsync(s => s.Reason.Contains("nonce", StringComparison.Ordinal));

        Assert.Equal(LicenseStatus.Invalid, state.Status);
    }

    [Fact]
    public async Task ReceiptFromOtherRoot_IsRefused()
    {
        var other = new TestPki();
        _server.Respond = (request, context) => FakeLicenseServer.WriteAsync(context, other.Issuer.CreateValidationResponse(_server.Receipt(request)));
        await using var app = await StartAsync();

        var state = await app.WaitForAsync(s => s.Reason.Contains("UntrustedSigner", StringComparison.Ordinal));

        Assert.Equal(LicenseStatus.Invalid, state.Status);
    }

    [Theory]
    [InlineData("not json at all")]
    [InlineData("{\"receipt\":\"!!!!\"}")]
    [InlineData("{\"receipt\":\"aGVsbG8=\"}")]
    public async Task MalformedAnswer_IsRefused(string body)
    {
        _server.Respond = (_, context) => context.Response.WriteAsync(body);
        await using var app = await StartAsync();

        var state = await app.WaitForAsync(s => s.Reason.Contains("could not be validated", StringComparison.Ordinal));

        Assert.Equal(LicenseStatus.Invalid, state.Status);
    }

    [Fact]
    public async Task OversizedAnswer_IsRefused()
    {
        _server.Respond = (_, context) => context.Response.WriteAsync("{\"receipt\":\"" + new string('A', 200_000) + "\"}");
        await using var app = await StartAsync();

        var state = await app.WaitForAsync(s => s.Reason.Contains("not a validation response", StringComparison.Ordinal));

        Assert.Equal(LicenseStatus.Invalid, state.Status);
    }

    [Fact]
    public async Task ClockMovedBack_IsRefusedAndGrantsNoTime()
    {
        DateTimeOffset validatedAt;
        await using (var first = await StartAsync())
        {
            validatedAt = (await first.WaitForAsync(s => s.Status == LicenseStatus.Valid)).LastValidatedAt!.Value;
        }

        // The server keeps true time; this machine restarts with its clock three days back.
        var rolledBack = new FakeTimeProvider(validatedAt.AddDays(-3));
        await using var second = await StartAsync(rolledBack);

        var state = await second.WaitForAsync(s => s.Status != LicenseStatus.Valid && _server.Requests.Count >= 2 && second.Logs.GetSnapshot().Any(r => r.Id.Name == "LicenseValidationFailed"));

        Assert.Equal(LicenseStatus.Grace, state.Status);
        Assert.Equal(validatedAt.AddDays(7), state.GraceEndsAt);
        Assert.Contains(second.Logs.GetSnapshot(), r => r.Id.Name == "LicenseClockMovedBack");
        Assert.Contains(second.Logs.GetSnapshot(), r => r.Message.Contains("clock_skew", StringComparison.Ordinal));
    }

    [Fact]
    public async Task TwoServerErrorsThenSuccess_IsValid()
    {
        var calls = 0;
        _server.Respond = (request, context) =>
        {
            if (Interlocked.Increment(ref calls) <= 2)
            {
                context.Response.StatusCode = 503;
                return Task.CompletedTask;
            }

            return _server.ValidAsync(request, context);
        };
        await using var app = await StartAsync();
        var factory = app.App.Services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>();
        using var validations = new MetricCollector<long>(factory, "Glyphh.Licensing", "glyphh.license.validations");

        await app.WaitForAsync(s => s.Status == LicenseStatus.Valid, _time, TimeSpan.FromMilliseconds(200));

        Assert.Equal(3, calls);
        var outcomes = validations.GetMeasurementSnapshot().Select(m => m.Tags["outcome"]).ToList();
        Assert.Equal(["valid"], outcomes);
    }

    [Fact]
    public async Task OfflineLicenseWithCallHome_SendsLicenseIdAndValidates()
    {
        var license = Pki.Issuer.IssueLicense(TestPki.Claims(callHome: true));
        Assert.True(LicenseArmor.TryDecode(license, out var der, out _));
        _server.LicenseDer = der;
        _server.Respond = (request, context) => FakeLicenseServer.WriteAsync(context, Pki.Issuer.CreateValidationResponse(_server.Receipt(request)));
        await using var app = await StartAsync(license: license);

        var state = await app.WaitForAsync(s => s.Status == LicenseStatus.Valid && s.LastValidatedAt is not null);

        var request = Assert.Single(_server.Requests);
        Assert.Equal("lic-0001", request.LicenseId);
        Assert.Null(request.LicenseKey);
        // Proof of holding the signed license, bound to this request; never the license itself.
        Assert.True(LicenseCredential.VerifyProof(der, request));
        Assert.Equal(5, state.Limits.Get("projects"));
    }

    [Fact]
    public async Task OfflineLicenseWithoutCallHome_MakesNoNetworkCall()
    {
        await using var app = await StartAsync(license: Pki.Issuer.IssueLicense(TestPki.Claims()));

        await app.WaitForAsync(s => s.Status == LicenseStatus.Valid);
        for (var i = 0; i < 30; i++)
        {
            _time.Advance(TimeSpan.FromHours(2));
            await Task.Delay(5);
        }

        Assert.Empty(_server.Requests);
    }
}
