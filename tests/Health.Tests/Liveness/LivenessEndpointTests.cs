using System.Reflection;
using Glyphh.Health.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Glyphh.Health.Tests.Liveness;

public sealed class LivenessEndpointTests
{
    [Fact]
    public async Task Get_Always_Returns200WithStatusVersionAndUptime()
    {
        await using var host = await HealthTestHost.StartAsync(configure: options => options.Version = "1.2.3");
        host.Time.Advance(TimeSpan.FromSeconds(90.7));

        var (status, body) = await host.GetJsonAsync("/health");

        Assert.Equal(200, status);
        Assert.Equal(["status", "version", "uptime_seconds"], body.EnumerateObject().Select(p => p.Name));
        Assert.Equal("ok", body.GetProperty("status").GetString());
        Assert.Equal("1.2.3", body.GetProperty("version").GetString());
        Assert.Equal(90, body.GetProperty("uptime_seconds").GetInt64());
    }

    [Fact]
    public async Task Get_NoVersionConfigured_ReportsEntryAssemblyVersionWithoutBuildMetadata()
    {
        await using var host = await HealthTestHost.StartAsync();
        var informational = Assembly.GetEntryAssembly()?.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;

        var (_, body) = await host.GetJsonAsync("/health");

        var version = body.GetProperty("version").GetString();
        Assert.False(string.IsNullOrEmpty(version));
        Assert.DoesNotContain('+', version);
        if (informational is not null)
        {
            Assert.StartsWith(version!, informational, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Get_WithFailingAndHangingChecks_NeverRunsAChecksAndAnswersOk()
    {
        using var hung = new BlockingCheck();
        var counted = new CountingCheck(Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckResult.Unhealthy("down"));
        await using var host = await HealthTestHost.StartAsync(checks => checks.AddCheck("hung", hung).AddCheck("down", counted));

        for (var i = 0; i < 20; i++)
        {
            var (status, body) = await host.GetJsonAsync("/health");
            Assert.Equal(200, status);
            Assert.Equal("ok", body.GetProperty("status").GetString());
        }

        Assert.Equal(0, hung.Runs);
        Assert.Equal(0, counted.Runs);
    }
}
