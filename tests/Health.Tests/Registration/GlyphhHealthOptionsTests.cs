using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Glyphh.Health.Tests.Registration;

public sealed class GlyphhHealthOptionsTests
{
    [Theory]
    [InlineData("LivenessPath", "health")]
    [InlineData("ReadinessPath", "ready")]
    [InlineData("ReadinessAliasPath", "ready")]
    [InlineData("MetricsPath", "metrics")]
    [InlineData("CheckTimeout", "00:00:00")]
    [InlineData("Deadline", "-00:00:01")]
    [InlineData("CacheDuration", "-00:00:01")]
    public async Task Start_BadSetting_FailsNamingTheKey(string key, string value)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Glyphh:Health:" + key] = value }).Build();

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => StartAsync(services => services.AddGlyphhHealth(configuration.GetSection(GlyphhHealthOptions.SectionName))));

        Assert.Contains(key, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_TwoEndpointsOnOnePath_FailsNamingBoth()
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() =>
            StartAsync(services => services.AddGlyphhHealth(o => o.MetricsPath = "/health")));

        Assert.Contains("MetricsPath ('/health') is the same path as GlyphhHealthOptions.LivenessPath", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_DiskThresholdsOutOfOrder_FailsNamingTheKeys()
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => StartAsync(services => services.AddGlyphhHealth()
            .AddGlyphhDiskSpaceCheck(o =>
            {
                o.Path = "/tmp";
                o.DegradedBelowBytes = 10;
                o.UnhealthyBelowBytes = 20;
            })));

        Assert.Contains("DiskSpaceCheckOptions.DegradedBelowBytes (10) of check 'disk' must be at least DiskSpaceCheckOptions.UnhealthyBelowBytes (20)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_MemoryThresholdsOutOfOrder_FailsNamingTheKeys()
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => StartAsync(services => services.AddGlyphhHealth()
            .AddGlyphhMemoryCheck(o =>
            {
                o.DegradedAtPercent = 99;
                o.UnhealthyAtPercent = 90;
            })));

        Assert.Contains("MemoryCheckOptions.DegradedAtPercent (99) of check 'memory' must be at most MemoryCheckOptions.UnhealthyAtPercent (90)", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(101)]
    public async Task Start_MemoryPercentOutOfRange_FailsNamingTheKey(double percent)
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => StartAsync(services => services.AddGlyphhHealth()
            .AddGlyphhMemoryCheck(o => o.UnhealthyAtPercent = percent)));

        Assert.Contains("UnhealthyAtPercent", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_DiskCheckWithoutPath_FailsNamingTheKey()
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => StartAsync(services => services.AddGlyphhHealth()
            .AddGlyphhDiskSpaceCheck(_ => { })));

        Assert.Contains("Path", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_DatabaseDegradedAfterZero_FailsNamingTheKey()
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => StartAsync(services => services.AddGlyphhHealth()
            .AddGlyphhDatabaseCheck(_ => throw new InvalidOperationException("not used"), o => o.DegradedAfter = TimeSpan.Zero)));

        Assert.Contains("DatabaseCheckOptions.DegradedAfter", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AddGlyphhHealth_FromConfiguration_BindsEverySetting()
    {
        // As an appsettings.json would hold them.
        var configuration = new ConfigurationBuilder().AddJsonStream(new MemoryStream(System.Text.Encoding.UTF8.GetBytes("""
            {
              "Glyphh": {
                "Health": {
                  "LivenessPath": "/api/health",
                  "ReadinessPath": "/api/health/ready",
                  "ReadinessAliasPath": "",
                  "MetricsPath": "/api/metrics",
                  "CheckTimeout": "00:00:02",
                  "Deadline": "00:00:03",
                  "CacheDuration": "00:00:00",
                  "Version": "9.9.9",
                  "ReadinessTags": [ "ready" ],
                  "AllowAnonymous": false,
                  "DisableRateLimiting": false,
                  "AdditionalMeters": [ "Acme.*" ]
                }
              }
            }
            """))).Build();
        var services = new ServiceCollection();
        services.AddGlyphhHealth(configuration.GetSection(GlyphhHealthOptions.SectionName));
        using var provider = services.BuildServiceProvider();

        var options = provider.GetRequiredService<IOptions<GlyphhHealthOptions>>().Value;

        Assert.Equal("/api/health", options.LivenessPath);
        Assert.Equal("/api/health/ready", options.ReadinessPath);
        Assert.Equal("", options.ReadinessAliasPath);
        Assert.Equal("/api/metrics", options.MetricsPath);
        Assert.Equal(TimeSpan.FromSeconds(2), options.CheckTimeout);
        Assert.Equal(TimeSpan.FromSeconds(3), options.Deadline);
        Assert.Equal(TimeSpan.Zero, options.CacheDuration);
        Assert.Equal("9.9.9", options.Version);
        Assert.False(options.AllowAnonymous);
        Assert.False(options.DisableRateLimiting);
        Assert.Equal(["Acme.*"], options.AdditionalMeters);
        Assert.Equal(["ready"], options.ReadinessTags);
    }

    [Fact]
    public void Defaults_AreTheDocumentedOnes()
    {
        var options = new GlyphhHealthOptions();

        Assert.Equal(("/health", "/health/ready", "/ready", "/metrics"), (options.LivenessPath, options.ReadinessPath, options.ReadinessAliasPath, options.MetricsPath));
        Assert.Equal((TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(5)), (options.CheckTimeout, options.Deadline, options.CacheDuration));
        Assert.True(options.AllowAnonymous);
        Assert.True(options.DisableRateLimiting);
        Assert.Null(options.Version);
    }

    private static async Task StartAsync(Action<IServiceCollection> configure)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseTestServer();
        configure(builder.Services);
        await using var app = builder.Build();
        await app.StartAsync();
        await app.StopAsync();
    }
}
