using System.Text.Json;
using Glyphh.Health.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Glyphh.Health.Tests.Readiness;

public sealed class ReadinessEndpointTests
{
    [Fact]
    public async Task Get_AllChecksHealthy_Returns200WithContractShape()
    {
        var db = new CountingCheck(HealthCheckResult.Healthy("query answered in 1 ms"));
        await using var host = await HealthTestHost.StartAsync(
            checks => checks.AddCheck("database", db),
            options => options.Version = "1.2.3");
        host.Time.Advance(TimeSpan.FromSeconds(12));

        var (status, body) = await host.GetJsonAsync("/health/ready");

        Assert.Equal(200, status);
        Assert.Equal(["status", "checks", "version", "uptime_seconds"], body.EnumerateObject().Select(p => p.Name));
        Assert.Equal("ok", body.GetProperty("status").GetString());
        Assert.Equal("1.2.3", body.GetProperty("version").GetString());
        Assert.Equal(12, body.GetProperty("uptime_seconds").GetInt64());
        var check = body.GetProperty("checks").GetProperty("database");
        Assert.Equal(["status", "duration_ms", "description"], check.EnumerateObject().Select(p => p.Name));
        Assert.Equal("ok", check.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Number, check.GetProperty("duration_ms").ValueKind);
        Assert.True(check.GetProperty("duration_ms").GetDouble() >= 0);
        Assert.Equal("query answered in 1 ms", check.GetProperty("description").GetString());
    }

    [Fact]
    public async Task Get_NoChecks_Returns200Ok()
    {
        await using var host = await HealthTestHost.StartAsync();

        var (status, body) = await host.GetJsonAsync("/health/ready");

        Assert.Equal(200, status);
        Assert.Equal("ok", body.GetProperty("status").GetString());
        Assert.Empty(body.GetProperty("checks").EnumerateObject());
    }

    [Fact]
    public async Task Get_OneCheckDegraded_Returns200Degraded()
    {
        await using var host = await HealthTestHost.StartAsync(checks => checks
            .AddCheck("ok_one", () => HealthCheckResult.Healthy())
            .AddCheck("slow_one", () => HealthCheckResult.Degraded("slow")));

        var (status, body) = await host.GetJsonAsync("/health/ready");

        Assert.Equal(200, status);
        Assert.Equal("degraded", body.GetProperty("status").GetString());
        Assert.Equal("degraded", body.GetProperty("checks").GetProperty("slow_one").GetProperty("status").GetString());
        Assert.Equal("ok", body.GetProperty("checks").GetProperty("ok_one").GetProperty("status").GetString());
    }

    [Fact]
    public async Task Get_OneCheckUnhealthy_Returns503Unhealthy()
    {
        await using var host = await HealthTestHost.StartAsync(checks => checks
            .AddCheck("slow_one", () => HealthCheckResult.Degraded("slow"))
            .AddCheck("down_one", () => HealthCheckResult.Unhealthy("down")));

        var (status, body) = await host.GetJsonAsync("/health/ready");

        Assert.Equal(503, status);
        Assert.Equal("unhealthy", body.GetProperty("status").GetString());
        Assert.Equal("down", body.GetProperty("checks").GetProperty("down_one").GetProperty("description").GetString());
    }

    [Fact]
    public async Task Get_AliasPath_AnswersLikeReadiness()
    {
        await using var host = await HealthTestHost.StartAsync(checks => checks.AddCheck("down", () => HealthCheckResult.Unhealthy("down")));

        var (status, body) = await host.GetJsonAsync("/ready");

        Assert.Equal(503, status);
        Assert.Equal("unhealthy", body.GetProperty("checks").GetProperty("down").GetProperty("status").GetString());
    }

    [Fact]
    public async Task Get_CheckThrows_ReportsUnhealthyWithMessageOnly()
    {
        await using var host = await HealthTestHost.StartAsync(checks => checks.AddCheck("broken", new ThrowingCheck("the cache is gone")));

        var (status, body) = await host.GetJsonAsync("/health/ready");

        Assert.Equal(503, status);
        var check = body.GetProperty("checks").GetProperty("broken");
        Assert.Equal("unhealthy", check.GetProperty("status").GetString());
        Assert.Equal("the cache is gone", check.GetProperty("description").GetString());
    }

    [Fact]
    public async Task Get_ThrowingCheckWithDegradedFailureStatus_Returns200Degraded()
    {
        await using var host = await HealthTestHost.StartAsync(checks =>
            checks.AddCheck("optional", new ThrowingCheck("boom"), failureStatus: HealthStatus.Degraded));

        var (status, body) = await host.GetJsonAsync("/health/ready");

        Assert.Equal(200, status);
        Assert.Equal("degraded", body.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Get_RegistrationNames_AreSnakeCaseKeys()
    {
        await using var host = await HealthTestHost.StartAsync(checks => checks
            .AddCheck("DataDir", () => HealthCheckResult.Healthy())
            .AddCheck("redis-cache", () => HealthCheckResult.Healthy())
            .AddCheck("Npgsql Main", () => HealthCheckResult.Healthy()));

        var (_, body) = await host.GetJsonAsync("/health/ready");

        Assert.Equal(["data_dir", "redis_cache", "npgsql_main"], body.GetProperty("checks").EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public async Task Get_CheckBlocksAndIgnoresCancellation_AnswersTimedOutWhileCheckStillBlocked()
    {
        using var hung = new BlockingCheck();
        await using var host = await HealthTestHost.StartAsync(
            checks => checks.AddCheck("hung", hung).AddCheck("fine", () => HealthCheckResult.Healthy()),
            options => options.CheckTimeout = TimeSpan.FromSeconds(2));

        var request = host.GetJsonAsync("/health/ready");
        await hung.Entered.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.False(request.IsCompleted);
        host.Time.Advance(TimeSpan.FromSeconds(2));
        var (status, body) = await request.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.False(hung.Finished);
        Assert.Equal(503, status);
        var check = body.GetProperty("checks").GetProperty("hung");
        Assert.Equal("unhealthy", check.GetProperty("status").GetString());
        Assert.Equal("timed out after 2 s", check.GetProperty("description").GetString());
        Assert.Equal(2000, check.GetProperty("duration_ms").GetDouble());
        Assert.Equal("ok", body.GetProperty("checks").GetProperty("fine").GetProperty("status").GetString());
    }

    [Fact]
    public async Task Get_RegistrationTimeoutLongerThanDeadline_CutAtDeadline()
    {
        using var hung = new BlockingCheck();
        await using var host = await HealthTestHost.StartAsync(
            checks => checks.AddCheck("hung", hung, timeout: TimeSpan.FromMinutes(5)),
            options => options.Deadline = TimeSpan.FromSeconds(3));

        var request = host.GetJsonAsync("/health/ready");
        await hung.Entered.WaitAsync(TimeSpan.FromSeconds(30));
        host.Time.Advance(TimeSpan.FromSeconds(2.9));
        await Task.Delay(50);
        Assert.False(request.IsCompleted);
        host.Time.Advance(TimeSpan.FromSeconds(0.1));
        var (status, body) = await request.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.False(hung.Finished);
        Assert.Equal(503, status);
        Assert.Equal("timed out after 3 s", body.GetProperty("checks").GetProperty("hung").GetProperty("description").GetString());
    }

    [Fact]
    public async Task Get_CheckHonoursCancellation_ReportedAsTimedOut()
    {
        var entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var host = await HealthTestHost.StartAsync(
            checks => checks.AddAsyncCheck("polite", async token =>
            {
                entered.TrySetResult();
                await Task.Delay(Timeout.Infinite, token);
                return HealthCheckResult.Healthy();
            }, timeout: TimeSpan.FromSeconds(1)));

        var request = host.GetJsonAsync("/health/ready");
        await entered.Task.WaitAsync(TimeSpan.FromSeconds(30));
        host.Time.Advance(TimeSpan.FromSeconds(1));
        var (status, body) = await request.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(503, status);
        Assert.Equal("timed out after 1 s", body.GetProperty("checks").GetProperty("polite").GetProperty("description").GetString());
    }

    [Fact]
    public async Task Get_WithinCacheDuration_ReusesResultAndRunsAgainAfter()
    {
        var check = new CountingCheck(HealthCheckResult.Healthy());
        await using var host = await HealthTestHost.StartAsync(
            checks => checks.AddCheck("counted", check),
            options => options.CacheDuration = TimeSpan.FromSeconds(10));

        await host.GetJsonAsync("/health/ready");
        await host.GetJsonAsync("/ready");
        host.Time.Advance(TimeSpan.FromSeconds(9.999));
        await host.GetJsonAsync("/health/ready");
        Assert.Equal(1, check.Runs);

        host.Time.Advance(TimeSpan.FromMilliseconds(1));
        await host.GetJsonAsync("/health/ready");
        Assert.Equal(2, check.Runs);
    }

    [Fact]
    public async Task Get_CacheDurationZero_RunsChecksOnEveryProbe()
    {
        var check = new CountingCheck(HealthCheckResult.Healthy());
        await using var host = await HealthTestHost.StartAsync(
            checks => checks.AddCheck("counted", check),
            options => options.CacheDuration = TimeSpan.Zero);

        for (var i = 0; i < 3; i++)
        {
            await host.GetJsonAsync("/health/ready");
        }

        Assert.Equal(3, check.Runs);
    }

    [Fact]
    public async Task Get_ProbeStormOf200_RunsTheCheckOnce()
    {
        var check = new GatedCheck();
        var arrived = 0;
        await using var host = await HealthTestHost.StartAsync(
            checks => checks.AddCheck("gated", check),
            app: app => app.Use(async (HttpContext context, RequestDelegate next) =>
            {
                Interlocked.Increment(ref arrived);
                await next(context);
            }));

        var requests = Enumerable.Range(0, 200).Select(_ => host.GetJsonAsync("/health/ready")).ToArray();
        await check.Entered.WaitAsync(TimeSpan.FromSeconds(30));
        while (Volatile.Read(ref arrived) < 200)
        {
            await Task.Delay(10);
        }
        check.Gate.SetResult();
        var results = await Task.WhenAll(requests).WaitAsync(TimeSpan.FromSeconds(60));

        Assert.All(results, r => Assert.Equal(200, r.Status));
        Assert.Equal(1, check.Runs);
    }

    [Fact]
    public async Task Get_AbortedProbe_DoesNotCancelTheSharedRun()
    {
        var check = new GatedCheck();
        await using var host = await HealthTestHost.StartAsync(checks => checks.AddCheck("gated", check));

        using (var abort = new CancellationTokenSource())
        {
            var first = host.Client.GetAsync("/health/ready", abort.Token);
            await check.Entered.WaitAsync(TimeSpan.FromSeconds(30));
            await abort.CancelAsync();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => first);
        }
        var second = host.GetJsonAsync("/health/ready");
        check.Gate.SetResult();
        var (status, body) = await second.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(200, status);
        Assert.Equal("gate opened", body.GetProperty("checks").GetProperty("gated").GetProperty("description").GetString());
        Assert.Equal(1, check.Runs);
    }

    [Fact]
    public async Task Get_ConfiguredPaths_ServeThereAndNotAtDefaults()
    {
        await using var host = await HealthTestHost.StartAsync(configure: options =>
        {
            options.LivenessPath = "/api/health";
            options.ReadinessPath = "/api/health/ready";
            options.ReadinessAliasPath = "";
            options.MetricsPath = "/api/metrics";
        });

        Assert.Equal(200, (await host.GetJsonAsync("/api/health")).Status);
        Assert.Equal(200, (await host.GetJsonAsync("/api/health/ready")).Status);
        Assert.Equal(System.Net.HttpStatusCode.OK, (await host.Client.GetAsync("/api/metrics")).StatusCode);
        foreach (var path in new[] { "/health", "/health/ready", "/ready", "/metrics" })
        {
            Assert.Equal(System.Net.HttpStatusCode.NotFound, (await host.Client.GetAsync(path)).StatusCode);
        }
    }
}
