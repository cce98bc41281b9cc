using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Glyphh.Licensing.Issuing;
using Glyphh.Licensing.Tests.Support;
using Glyphh.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Glyphh.Licensing.Tests.Hosting;

/// <summary>The <c>Glyphh.Licensing</c> spans (seen by an <see cref="ActivityListener"/>) and the gate's problems through <c>IProblemDetailsService</c>.</summary>
public sealed class DiagnosticsAndProblemsTests : IAsyncLifetime
{
    private static readonly TestPki Pki = new();
    private static readonly ActivitySource TestSource = new("Glyphh.Licensing.Tests.Diagnostics");
    private readonly TempDirectory _data = new();
    private readonly FakeTimeProvider _time = new(TestPki.T0.AddDays(10));
    private readonly List<Activity> _spans = [];
    private ActivityListener _listener = null!;
    private FakeLicenseServer _server = null!;

    public async Task InitializeAsync()
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name is GlyphhLicensingDiagnostics.ActivitySourceName || s == TestSource,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = a =>
            {
                lock (_spans)
                {
                    _spans.Add(a);
                }
            },
        };
        ActivitySource.AddActivityListener(_listener);
        _server = await FakeLicenseServer.StartAsync(Pki.Issuer, _time);
    }

    public async Task DisposeAsync()
    {
        _listener.Dispose();
        await _server.DisposeAsync();
        _data.Dispose();
    }

    /// <summary>The spans of this test only: other tests run in parallel and share the listener's process.</summary>
    private Activity[] SpansOf(Activity parent, string name)
    {
        lock (_spans)
        {
            return [.. _spans.Where(a => a.TraceId == parent.TraceId && a.OperationName == name)];
        }
    }

    private Action<GlyphhLicensingOptions> Online => o =>
    {
        o.Mode = DeploymentMode.SelfHosted;
        o.LicenseKey = OnlineLicenseKeyGenerator.Generate();
        o.RootCertificatesPem = Pki.RootPem;
        o.DataDirectory = _data.Path;
        o.ServerUrl = _server.Url;
    };

    [Fact]
    public async Task CallHome_Valid_OneClientSpanAndAReceiptSpan_NoSecretInTags()
    {
        using var parent = TestSource.StartActivity("test")!;
        await using var app = await LicensedApp.StartAsync(_time, Online);
        await app.WaitForAsync(s => s.Status == LicenseStatus.Valid);

        var validate = Assert.Single(SpansOf(parent, "glyphh.license.validate"));
        Assert.Equal(ActivityKind.Client, validate.Kind);
        Assert.Equal("valid", validate.GetTagItem("glyphh.license.outcome"));
        Assert.Equal(ActivityStatusCode.Unset, validate.Status);
        Assert.Null(validate.GetTagItem("error.type"));
        var verify = Assert.Single(SpansOf(parent, "glyphh.license.receipt.verify"));
        Assert.Equal("valid", verify.GetTagItem("glyphh.license.outcome"));
        foreach (var span in SpansOf(parent, "glyphh.license.validate").Concat(SpansOf(parent, "glyphh.license.receipt.verify")))
        {
            Assert.DoesNotContain(span.TagObjects, t => t.Value is string v && v.StartsWith("GLYPHH-", StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task CallHome_ServerUnreachable_SpanHasErrorTypeAndErrorStatus()
    {
        _server.Respond = (_, context) =>
        {
            context.Abort();
            return Task.CompletedTask;
        };
        using var parent = TestSource.StartActivity("test")!;
        await using var app = await LicensedApp.StartAsync(_time, Online);
        await app.WaitForAsync(_ => SpansOf(parent, "glyphh.license.validate").Length > 0, _time, TimeSpan.FromSeconds(5));

        var validate = SpansOf(parent, "glyphh.license.validate")[0];
        Assert.Equal("network_error", validate.GetTagItem("glyphh.license.outcome"));
        Assert.Equal("network_error", validate.GetTagItem("error.type"));
        Assert.Equal(ActivityStatusCode.Error, validate.Status);
    }

    [Fact]
    public void ReceiptVerification_Tampered_SpanHasErrorStatus()
    {
        var response = Pki.Issuer.CreateValidationResponse(new LicenseReceipt
        {
            LicenseId = "lic-1",
            Nonce = "n",
            ServerTime = TestPki.T0,
            Status = LicenseReceiptStatus.Valid,
            Product = TestPki.Product,
        });
        var der = Convert.FromBase64String(response.Receipt);
        der[^10] ^= 0xFF;
        using var parent = TestSource.StartActivity("test")!;

        Assert.False(Pki.Verifier().VerifyReceipt(der, TestPki.T0).IsValid);

        var span = Assert.Single(SpansOf(parent, "glyphh.license.receipt.verify"));
        Assert.Equal(ActivityStatusCode.Error, span.Status);
        Assert.NotNull(span.GetTagItem("error.type"));
    }

    [Fact]
    public async Task Gate_Problem_UsesTheTypeBaseOption_AndTheHostsCustomization()
    {
        var expired = Pki.Issuer.IssueLicense(TestPki.Claims(expiresAt: TestPki.T0.AddDays(1)));
        await using var app = await LicensedApp.StartAsync(
            _time,
            o =>
            {
                o.Mode = DeploymentMode.SelfHosted;
                o.LicenseKey = expired;
                o.RootCertificatesPem = Pki.RootPem;
                o.DataDirectory = _data.Path;
                o.ProblemTypeBaseUri = new Uri("https://projects.example.com/errors/");
            },
            services => services.AddProblemDetails(p => p.CustomizeProblemDetails = c => c.ProblemDetails.Extensions["service"] = "projects"));

        var response = await app.Client.GetAsync("/api/thing");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("https://projects.example.com/errors/" + LicensingErrorCodes.LicenseExpired, json.RootElement.GetProperty("type").GetString());
        Assert.Equal("projects", json.RootElement.GetProperty("service").GetString());
        Assert.True(json.RootElement.TryGetProperty("traceId", out _));
        Assert.Equal("expired", json.RootElement.GetProperty("license_status").GetString());
    }

    [Fact]
    public async Task FeatureFilter_Problem_UsesTheTypeBaseOption()
    {
        await using var app = await LicensedApp.StartAsync(_time, o =>
        {
            o.Mode = DeploymentMode.SelfHosted;
            o.LicenseKey = Pki.Issuer.IssueLicense(TestPki.Claims());
            o.RootCertificatesPem = Pki.RootPem;
            o.DataDirectory = _data.Path;
            o.ProblemTypeBaseUri = new Uri("https://projects.example.com/errors/");
        });

        var response = await app.Client.GetAsync("/gold");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("https://projects.example.com/errors/" + LicensingErrorCodes.FeatureNotLicensed, json.RootElement.GetProperty("type").GetString());
    }
}
