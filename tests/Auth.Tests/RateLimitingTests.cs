using System.Diagnostics.Metrics;
using System.Net;
using Glyphh.Auth.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;

namespace Glyphh.Auth.Tests;

/// <summary>Partitioned rate limits: 429 rate-limited with Retry-After, by caller or by address; health exempt.</summary>
public sealed class RateLimitingTests
{
    [Fact]
    public async Task RateLimit_OverLimit_Returns429ProblemWithRetryAfter()
    {
        await using var host = await AuthTestHost.StartAsync();
        using var collector = new MetricCollector<long>(host.App.Services.GetRequiredService<IMeterFactory>(), "Glyphh.Auth", "glyphh.auth.rate_limit.rejections");
        Assert.Equal(HttpStatusCode.OK, (await host.GetAsync("/limited", peer: "10.0.0.1")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await host.GetAsync("/limited", peer: "10.0.0.1")).StatusCode);
        var response = await host.GetAsync("/limited", peer: "10.0.0.1");
        var problem = await Problem.ReadAsync(response, HttpStatusCode.TooManyRequests, "rate-limited");
        Assert.Equal("tight", problem.Extension("policy"));
        var retryAfter = response.Headers.RetryAfter?.Delta;
        Assert.NotNull(retryAfter);
        Assert.InRange(retryAfter.Value.TotalSeconds, 1, 60);
        Assert.Equal(retryAfter.Value.TotalSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture), problem.Extension("retry_after_seconds"));
        var measurement = Assert.Single(collector.GetMeasurementSnapshot());
        Assert.Equal("tight", measurement.Tags["policy"]);
    }

    [Fact]
    public async Task RateLimit_AnonymousCallers_ArePartitionedByAddress()
    {
        await using var host = await AuthTestHost.StartAsync();
        for (var i = 0; i < 2; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await host.GetAsync("/limited", peer: "10.0.0.1")).StatusCode);
        }

        Assert.Equal(HttpStatusCode.TooManyRequests, (await host.GetAsync("/limited", peer: "10.0.0.1")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await host.GetAsync("/limited", peer: "10.0.0.2")).StatusCode);
    }

    [Fact]
    public async Task RateLimit_AuthenticatedCallers_ArePartitionedBySubAcrossAddresses()
    {
        await using var host = await AuthTestHost.StartAsync();
        var alice = Tokens.Hs256(Tokens.Claims(sub: "alice"));
        var bob = Tokens.Hs256(Tokens.Claims(sub: "bob"));
        Assert.Equal(HttpStatusCode.OK, (await host.GetAsync("/limited", bearer: alice, peer: "10.0.0.1")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await host.GetAsync("/limited", bearer: alice, peer: "10.0.0.2")).StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await host.GetAsync("/limited", bearer: alice, peer: "10.0.0.3")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await host.GetAsync("/limited", bearer: bob, peer: "10.0.0.1")).StatusCode);
    }

    [Fact]
    public async Task RateLimit_DefaultPolicy_Allows10PerMinute()
    {
        await using var host = await AuthTestHost.StartAsync();
        for (var i = 0; i < 10; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await host.GetAsync("/limited-default", peer: "10.0.0.9")).StatusCode);
        }

        Assert.Equal(HttpStatusCode.TooManyRequests, (await host.GetAsync("/limited-default", peer: "10.0.0.9")).StatusCode);
    }

    [Fact]
    public async Task RateLimit_GlobalRequestsPerSecond_LimitsEverythingButHealth()
    {
        await using var host = await AuthTestHost.StartAsync(rateLimits: o =>
        {
            o.Policies["rps"] = new GlyphhRateLimitPolicy { Algorithm = RateLimitAlgorithm.TokenBucket, PermitLimit = 3, Window = TimeSpan.FromSeconds(30) };
            o.GlobalPolicy = "rps";
        });
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await host.GetAsync("/open", peer: "10.0.0.1")).StatusCode);
        }

        var limited = await host.GetAsync("/open", peer: "10.0.0.1");
        var problem = await Problem.ReadAsync(limited, HttpStatusCode.TooManyRequests, "rate-limited");
        Assert.Equal("rps", problem.Extension("policy"));
        Assert.NotNull(limited.Headers.RetryAfter);
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await host.GetAsync("/health", peer: "10.0.0.1")).StatusCode);
        }
    }

    [Fact]
    public async Task RateLimit_SlidingWindow_Rejects()
    {
        await using var host = await AuthTestHost.StartAsync(rateLimits: o =>
            o.Policies["tight"] = new GlyphhRateLimitPolicy { Algorithm = RateLimitAlgorithm.SlidingWindow, PermitLimit = 1, Window = TimeSpan.FromMinutes(1) });
        Assert.Equal(HttpStatusCode.OK, (await host.GetAsync("/limited", peer: "10.0.0.1")).StatusCode);
        var response = await host.GetAsync("/limited", peer: "10.0.0.1");
        await Problem.ReadAsync(response, HttpStatusCode.TooManyRequests, "rate-limited");
        Assert.NotNull(response.Headers.RetryAfter);
    }
}
