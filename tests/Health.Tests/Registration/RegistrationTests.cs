using System.Threading.RateLimiting;
using Glyphh.Health.Internal.Readiness;
using Glyphh.Health.Tests.Infrastructure;
using Glyphh.TestSupport;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpenTelemetry.Metrics;

namespace Glyphh.Health.Tests.Registration;

public sealed class RegistrationTests
{
    [Fact]
    public void PublicApi_HasNotChanged() => PublicApiApproval.AssertApproved(typeof(GlyphhHealthOptions).Assembly);

    [Fact]
    public async Task AddGlyphhHealth_CalledTwice_RegistersOnceAndMetricsStillWork()
    {
        await using var host = await HealthTestHost.StartAsync(builder: b => b.Services.AddGlyphhHealth().AddGlyphhMemoryCheck());
        var services = host.App.Services;

        Assert.Single(services.GetServices<ReadinessRunner>());
        Assert.Single(services.GetServices<MeterProvider>());
        var metrics = await host.Client.GetStringAsync("/metrics");
        Assert.Single(metrics.Split('\n'), l => l == "# TYPE glyphh_health_check_status gauge");
    }

    [Theory]
    [InlineData("disk", "disk")]
    [InlineData("memory", "Memory")]
    public async Task SameCheckNameTwice_FailsAtStartUpNamingIt(string first, string second)
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(async () =>
        {
            await using var host = await HealthTestHost.StartAsync(checks: b => b
                .AddCheck(first, () => HealthCheckResult.Healthy())
                .AddCheck(second, () => HealthCheckResult.Healthy()));
        });
        Assert.Contains($"'{second}' is registered more than once", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GlyphhCheckTwice_FailsAtStartUp()
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(async () =>
        {
            await using var host = await HealthTestHost.StartAsync(checks: b => b.AddGlyphhMemoryCheck().AddGlyphhMemoryCheck());
        });
        Assert.Contains("'memory' is registered more than once", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddGlyphhHealth_ReturnsABuilderThatIsAHealthChecksBuilder()
    {
        var services = new ServiceCollection();
        IHealthChecksBuilder builder = services.AddGlyphhHealth().AddGlyphhMemoryCheck();
        Assert.Same(services, builder.Services);
        using var provider = services.BuildServiceProvider();
        Assert.Equal(["memory"], provider.GetRequiredService<IOptions<HealthCheckServiceOptions>>().Value.Registrations.Select(r => r.Name));
    }

    [Fact]
    public async Task AddGlyphhChecks_OtherNames_AddSeparateChecks()
    {
        var first = Directory.CreateTempSubdirectory("glyphh-a-").FullName;
        try
        {
            await using var host = await HealthTestHost.StartAsync(checks => checks
                .AddGlyphhDataDirectoryCheck(o => o.Path = first)
                .AddGlyphhDataDirectoryCheck(o => o.Path = Path.Combine(first, "missing"), name: "backup_dir"));

            var (status, body) = await host.GetJsonAsync("/health/ready");

            Assert.Equal(503, status);
            Assert.Equal("ok", body.GetProperty("checks").GetProperty("data_dir").GetProperty("status").GetString());
            Assert.Equal("unhealthy", body.GetProperty("checks").GetProperty("backup_dir").GetProperty("status").GetString());
        }
        finally
        {
            Directory.Delete(first, recursive: true);
        }
    }

    [Fact]
    public async Task MapGlyphhHealth_WithoutAddGlyphhHealth_ThrowsNamingTheFix()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseTestServer();
        await using var app = builder.Build();

        var error = Assert.Throws<InvalidOperationException>(() => app.MapGlyphhHealth());

        Assert.Contains("services.AddGlyphhHealth()", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Probes_UnderFallbackAuthorizationAndRateLimiting_StayAnonymousAndUnlimited()
    {
        await using var host = await HealthTestHost.StartAsync(
            builder: b =>
            {
                b.Services.AddAuthentication("deny").AddScheme<AuthenticationSchemeOptions, NoIdentityHandler>("deny", null);
                b.Services.AddAuthorization(o => o.FallbackPolicy = new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build());
                b.Services.AddRateLimiter(o =>
                {
                    o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
                    o.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(_ =>
                        RateLimitPartition.GetFixedWindowLimiter("all", _ => new FixedWindowRateLimiterOptions { PermitLimit = 1, Window = TimeSpan.FromHours(1) }));
                });
            },
            app: a =>
            {
                a.UseAuthentication();
                a.UseAuthorization();
                a.UseRateLimiter();
                a.MapGet("/private", () => "secret");
            });

        for (var i = 0; i < 5; i++)
        {
            foreach (var path in new[] { "/health", "/health/ready", "/ready", "/metrics" })
            {
                Assert.Equal(System.Net.HttpStatusCode.OK, (await host.Client.GetAsync(path)).StatusCode);
            }
        }
        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, (await host.Client.GetAsync("/private")).StatusCode);
    }

    [Fact]
    public async Task Probes_AnonymousAndRateLimitExemptionTurnedOff_FollowTheHostPolicies()
    {
        await using var host = await HealthTestHost.StartAsync(
            configure: o =>
            {
                o.AllowAnonymous = false;
                o.DisableRateLimiting = false;
            },
            builder: b =>
            {
                b.Services.AddAuthentication("deny").AddScheme<AuthenticationSchemeOptions, NoIdentityHandler>("deny", null);
                b.Services.AddAuthorization(o => o.FallbackPolicy = new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build());
            },
            app: a =>
            {
                a.UseAuthentication();
                a.UseAuthorization();
            });

        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, (await host.Client.GetAsync("/health")).StatusCode);
        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, (await host.Client.GetAsync("/metrics")).StatusCode);
    }

    [Fact]
    public async Task MapGlyphhHealth_ReturnsGroupThatTakesMoreConventions()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseTestServer();
        builder.Logging.ClearProviders();
        builder.Services.AddGlyphhHealth().AddPrometheusExporter();
        await using var app = builder.Build();
        app.MapGlyphhHealth().AddEndpointFilter(async (context, next) =>
        {
            context.HttpContext.Response.Headers["X-Probe"] = "yes";
            return await next(context);
        }).WithMetadata(new ProbeMarker());
        await app.StartAsync();
        var endpoints = app.Services.GetRequiredService<Microsoft.AspNetCore.Routing.EndpointDataSource>().Endpoints;

        Assert.Equal(4, endpoints.Count(e => e.Metadata.GetMetadata<ProbeMarker>() is not null));
        Assert.All(endpoints, e => Assert.NotNull(e.Metadata.GetMetadata<IAllowAnonymous>()));
        Assert.All(endpoints, e => Assert.NotNull(e.Metadata.GetMetadata<DisableRateLimitingAttribute>()));
        await app.StopAsync();
    }

    private sealed class ProbeMarker;

    private sealed class NoIdentityHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, System.Text.Encodings.Web.UrlEncoder encoder)
        : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
    {
        protected override Task<AuthenticateResult> HandleAuthenticateAsync() => Task.FromResult(AuthenticateResult.NoResult());
    }
}
