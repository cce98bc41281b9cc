using System.Net;
using Glyphh.Health.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Glyphh.Health.Tests.Readiness;

/// <summary>Registration tags select the checks readiness reports: by option and by <c>?tag=</c>.</summary>
public sealed class ReadinessTagTests
{
    private static Task<HealthTestHost> StartAsync(Action<GlyphhHealthOptions>? configure = null) =>
        HealthTestHost.StartAsync(
            checks => checks
                .AddCheck("database", () => HealthCheckResult.Unhealthy("down"), tags: ["ready", "storage"])
                .AddCheck("cache", () => HealthCheckResult.Degraded("slow"), tags: ["ready"])
                .AddCheck("reports", () => HealthCheckResult.Healthy("fine"), tags: ["batch"]),
            configure);

    [Fact]
    public async Task NoTag_ReportsEveryCheck()
    {
        await using var host = await StartAsync();
        var (status, body) = await host.GetJsonAsync("/health/ready");
        Assert.Equal(503, status);
        Assert.Equal(["database", "cache", "reports"], body.GetProperty("checks").EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public async Task TagQuery_ReportsOnlyTaggedChecks_StatusFromThem()
    {
        await using var host = await StartAsync();
        var (status, body) = await host.GetJsonAsync("/health/ready?tag=batch");
        Assert.Equal(200, status);
        Assert.Equal("ok", body.GetProperty("status").GetString());
        Assert.Equal(["reports"], body.GetProperty("checks").EnumerateObject().Select(p => p.Name));

        (status, body) = await host.GetJsonAsync("/health/ready?tag=batch&tag=storage");
        Assert.Equal(503, status);
        Assert.Equal(["database", "reports"], body.GetProperty("checks").EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public async Task ReadinessTagsOption_SelectsByDefault_QueryNarrowsWithinIt()
    {
        await using var host = await StartAsync(o => o.ReadinessTags.Add("batch"));
        var (status, body) = await host.GetJsonAsync("/health/ready");
        Assert.Equal(200, status);
        Assert.Equal(["reports"], body.GetProperty("checks").EnumerateObject().Select(p => p.Name));

        (_, body) = await host.GetJsonAsync("/ready?tag=storage");
        Assert.Empty(body.GetProperty("checks").EnumerateObject());
    }

    [Fact]
    public async Task UnknownTag_Is400Problem()
    {
        await using var host = await StartAsync();
        using var response = await host.Client.GetAsync("/health/ready?tag=nope");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("'nope'", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
