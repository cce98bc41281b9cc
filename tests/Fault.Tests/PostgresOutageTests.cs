using System.Diagnostics;
using System.Text.Json;
using Glyphh.Fault.Tests.Support;
using Xunit.Abstractions;
using Glyphh.TestSupport;

namespace Glyphh.Fault.Tests;

/// <summary>
/// PostgreSQL stopped under write load and started again: readiness turns unhealthy within its check period,
/// requests fail fast with 503 problem+json, the runtime recovers by itself, and nothing acknowledged is lost.
/// </summary>
public sealed class PostgresOutageTests(ITestOutputHelper output)
{
    // Readiness caches for 5 s and cuts a check off at 5 s (Glyphh.Health defaults); allow for a loaded machine.
    private static readonly TimeSpan CheckPeriod = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task WritesDuringOutage_FailFastWith503_RecoverAndLoseNothing()
    {
        await using var cluster = await PostgresServer.StartPrivateClusterAsync();
        using var dir = new TempDirectory();
        await using var runtime = await RuntimeProcess.StartAsync(new Dictionary<string, string>
        {
            ["DATABASE_URL"] = cluster.ConnectionString,
            ["GLYPHH_DATA_DIR"] = dir.Path,
        });
        Assert.Equal(201, (int)(await runtime.Client.PostAsync("/models", Json("""{"name":"m1"}"""))).StatusCode);
        await Checks.WaitForReadinessAsync(runtime.Client, 200, TimeSpan.FromSeconds(30));

        // Bounded by time, not count: fast 503s during the outage must not use up the writes meant for after it.
        var load = new WriteLoad { MaxWrites = 100_000 };
        load.Start(runtime.Client, "m1");
        await Task.Delay(TimeSpan.FromSeconds(2));
        var before = load.Acknowledged.Count;

        var outage = Stopwatch.StartNew();
        await cluster.StopAsync();
        var unhealthyAfter = await Checks.WaitForReadinessAsync(runtime.Client, 503, CheckPeriod + TimeSpan.FromSeconds(5));
        await Task.Delay(TimeSpan.FromSeconds(2));
        var duringOutage = load.Failures.ToList();
        await cluster.RestartAsync();
        var downFor = outage.Elapsed;
        var healthyAfter = await Checks.WaitForReadinessAsync(runtime.Client, 200, CheckPeriod + TimeSpan.FromSeconds(20));
        var afterRecovery = load.Acknowledged.Count;
        await Task.Delay(TimeSpan.FromSeconds(2));
        await load.StopAsync();

        var report = $"before {before}, after recovery {load.Acknowledged.Count - afterRecovery} acknowledged; " +
            $"unhealthy after {unhealthyAfter.TotalSeconds:0.0} s, outage {downFor.TotalSeconds:0.0} s, healthy {healthyAfter.TotalSeconds:0.0} s after restart; " +
            $"{duringOutage.Count} failures, statuses {string.Join(",", duringOutage.GroupBy(f => f.Status).Select(g => $"{g.Key}x{g.Count()}"))}, " +
            $"slowest {(duringOutage.Count == 0 ? 0 : duringOutage.Max(f => f.Elapsed.TotalSeconds)):0.00} s";
        output.WriteLine("PostgresOutage: " + report);

        // Data first (nothing acknowledged lost, no leaked reservation), then the shape of the failures.
        Assert.True(before > 0, "no write was acknowledged before the outage: " + report);
        Assert.True(load.Acknowledged.Count > afterRecovery, "no write was acknowledged after PostgreSQL returned: " + report);
        await Checks.AssertAcknowledgedPresentAsync(runtime.Client, "m1", load.Acknowledged);
        await Checks.AssertUsageMatchesDataAsync(runtime.Client, "m1");
        Assert.NotEmpty(duringOutage);
        foreach (var failure in duringOutage)
        {
            Assert.True(failure.Elapsed < TimeSpan.FromSeconds(5), $"a write during the outage took {failure.Elapsed.TotalSeconds:0.0} s ({report})");
        }
        foreach (var failure in duringOutage)
        {
            Assert.True(failure.Status == 503 && failure.ContentType == "application/problem+json",
                $"a write during the outage got {failure.Status} {failure.ContentType}: {failure.Body[..Math.Min(200, failure.Body.Length)]} ({report})");
        }
    }

    [Fact]
    public async Task ReadinessDuringOutage_AnswersPromptlyWithUnhealthyDatabaseCheck()
    {
        await using var cluster = await PostgresServer.StartPrivateClusterAsync();
        using var dir = new TempDirectory();
        await using var runtime = await RuntimeProcess.StartAsync(new Dictionary<string, string>
        {
            ["DATABASE_URL"] = cluster.ConnectionString,
            ["GLYPHH_DATA_DIR"] = dir.Path,
        });
        await cluster.StopAsync();
        await Checks.WaitForReadinessAsync(runtime.Client, 503, CheckPeriod + TimeSpan.FromSeconds(5));
        var watch = Stopwatch.StartNew();
        using var ready = await runtime.Client.GetAsync("/health/ready");
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(11), $"readiness took {watch.Elapsed.TotalSeconds:0.0} s");
        var body = JsonDocument.Parse(await ready.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("unhealthy", body.GetProperty("status").GetString());
        Assert.Contains(body.GetProperty("checks").EnumerateObject(), c => c.Value.GetProperty("status").GetString() == "unhealthy");
        // Liveness never touches dependencies.
        Assert.True((await runtime.Client.GetAsync("/health")).IsSuccessStatusCode);
    }

    private static StringContent Json(string body) => new(body, System.Text.Encoding.UTF8, "application/json");
}
