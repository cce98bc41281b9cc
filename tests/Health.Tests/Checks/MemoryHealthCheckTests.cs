using Glyphh.Health.Internal.Checks;
using Glyphh.Health.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace Glyphh.Health.Tests.Checks;

public sealed class MemoryHealthCheckTests : IDisposable
{
    private readonly string _cgroup = Directory.CreateTempSubdirectory("glyphh-cgroup-").FullName;

    [Fact]
    public async Task Check_DefaultThresholds_ReportsOkWithWorkingSetAndLimit()
    {
        await using var host = await HealthTestHost.StartAsync(checks => checks.AddGlyphhMemoryCheck());

        var (status, body) = await host.GetJsonAsync("/health/ready");

        Assert.Equal(200, status);
        var memory = body.GetProperty("checks").GetProperty("memory");
        Assert.Equal("ok", memory.GetProperty("status").GetString());
        Assert.Matches(@"^working set .+ is \d+\.\d% of .+ \((cgroup limit|available memory)\)$", memory.GetProperty("description").GetString());
    }

    [Fact]
    public async Task Check_WorkingSetAboveDegradedThreshold_ReportsDegraded()
    {
        await using var host = await HealthTestHost.StartAsync(checks => checks.AddGlyphhMemoryCheck(o =>
        {
            o.DegradedAtPercent = 0.000001;
            o.UnhealthyAtPercent = 100;
        }));

        var (status, body) = await host.GetJsonAsync("/health/ready");

        Assert.Equal(200, status);
        Assert.Equal("degraded", body.GetProperty("checks").GetProperty("memory").GetProperty("status").GetString());
    }

    [Fact]
    public async Task Check_WorkingSetAboveUnhealthyThreshold_Reports503()
    {
        await using var host = await HealthTestHost.StartAsync(checks => checks.AddGlyphhMemoryCheck(o =>
        {
            o.DegradedAtPercent = 0.000001;
            o.UnhealthyAtPercent = 0.000002;
        }));

        var (status, _) = await host.GetJsonAsync("/health/ready");

        Assert.Equal(503, status);
    }

    [Theory]
    [InlineData("memory.max", "1073741824\n", 1073741824L, "cgroup limit")]
    [InlineData("memory/memory.limit_in_bytes", "536870912\n", 536870912L, "cgroup limit")]
    [InlineData("memory.limit_in_bytes", "268435456", 268435456L, "cgroup limit")]
    public void Read_CgroupLimitFile_UsesIt(string file, string content, long expected, string source)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(_cgroup, file))!);
        File.WriteAllText(Path.Combine(_cgroup, file), content);

        var limit = new MemoryLimit(_cgroup).Read();

        Assert.Equal((expected, source), limit);
    }

    [Theory]
    [InlineData("memory.max", "max\n")]
    [InlineData("memory/memory.limit_in_bytes", "9223372036854771712\n")]
    [InlineData("memory.max", "garbage")]
    [InlineData("memory.max", "-5")]
    public void Read_NoLimitOrUnreadable_FallsBackToAvailableMemory(string file, string content)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(_cgroup, file))!);
        File.WriteAllText(Path.Combine(_cgroup, file), content);

        var limit = new MemoryLimit(_cgroup).Read();

        Assert.Equal((GC.GetGCMemoryInfo().TotalAvailableMemoryBytes, "available memory"), limit);
    }

    [Fact]
    public async Task CheckHealthAsync_WorkingSetAgainstCgroupLimit_ComputesPercentage()
    {
        File.WriteAllText(Path.Combine(_cgroup, "memory.max"), "1000\n");
        var options = new OptionsMonitorStub(new MemoryCheckOptions { DegradedAtPercent = 80, UnhealthyAtPercent = 90 });
        var check = new MemoryHealthCheck(options, new MemoryLimit(_cgroup), () => 850);
        var context = new HealthCheckContext { Registration = new HealthCheckRegistration("memory", check, null, null) };

        var result = await check.CheckHealthAsync(context);

        Assert.Equal(HealthStatus.Degraded, result.Status);
        Assert.Equal("working set 850 B is 85.0% of 1000 B (cgroup limit)", result.Description);
    }

    public void Dispose() => Directory.Delete(_cgroup, recursive: true);

    private sealed class OptionsMonitorStub(MemoryCheckOptions value) : IOptionsMonitor<MemoryCheckOptions>
    {
        public MemoryCheckOptions CurrentValue => value;

        public MemoryCheckOptions Get(string? name) => value;

        public IDisposable? OnChange(Action<MemoryCheckOptions, string?> listener) => null;
    }
}
