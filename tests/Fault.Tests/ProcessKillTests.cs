using Glyphh.Fault.Tests.Support;
using Xunit.Abstractions;
using Glyphh.TestSupport;

namespace Glyphh.Fault.Tests;

/// <summary>The runtime killed with SIGKILL in the middle of writes and started again on the same data.</summary>
public sealed class ProcessKillTests(ITestOutputHelper output)
{
    [Fact]
    public async Task SigkillMidWrites_Sqlite_AcknowledgedPresentAndUsageConsistent()
    {
        using var dir = new TempDirectory();
        var environment = new Dictionary<string, string> { ["GLYPHH_DATA_DIR"] = dir.Path };
        await RunAsync(environment);
    }

    [Fact]
    public async Task SigkillMidWrites_PostgreSql_AcknowledgedPresentAndUsageConsistent()
    {
        using var dir = new TempDirectory();
        var environment = new Dictionary<string, string>
        {
            ["GLYPHH_DATA_DIR"] = dir.Path,
            ["DATABASE_URL"] = await PostgresServer.CreateDatabaseAsync("fault"),
        };
        await RunAsync(environment);
    }

    private async Task RunAsync(Dictionary<string, string> environment)
    {
        var load = new WriteLoad { Pace = TimeSpan.Zero, MaxWrites = 800 };
        await using (var first = await RuntimeProcess.StartAsync(environment))
        {
            Assert.Equal(201, (int)(await first.Client.PostAsync("/models", new StringContent("""{"name":"m1"}""", System.Text.Encoding.UTF8, "application/json"))).StatusCode);
            load.Start(first.Client, "m1", writers: 4);
            // Kill mid-stream, well before the writers run out (local mode caps a model at 1,000 glyphs).
            var deadline = DateTime.UtcNow.AddSeconds(20);
            while (load.Acknowledged.Count < 100 && DateTime.UtcNow < deadline)
            {
                await Task.Delay(20);
            }
            await first.KillAsync();
            await load.StopAsync();
        }
        Assert.True(load.Acknowledged.Count > 0, "nothing was acknowledged before the kill");
        Assert.Contains(load.Failures, f => f.Status == 0);

        await using var second = await RuntimeProcess.StartAsync(environment);
        output.WriteLine($"ProcessKill: {load.Acknowledged.Count} acknowledged, {load.Failures.Count} cut off; restart log: {second.Output.Split('\n').FirstOrDefault(l => l.Contains("reconcil", StringComparison.OrdinalIgnoreCase))}");
        await Checks.AssertAcknowledgedPresentAsync(second.Client, "m1", load.Acknowledged);
        await Checks.AssertUsageMatchesDataAsync(second.Client, "m1");
        // Writes work again after the restart.
        Assert.True((await second.Client.PutAsync("/models/m1/glyphs/after", new StringContent("{}", System.Text.Encoding.UTF8, "application/json"))).IsSuccessStatusCode);
        await Checks.AssertUsageMatchesDataAsync(second.Client, "m1");
    }
}
