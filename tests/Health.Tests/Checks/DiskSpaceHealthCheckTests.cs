using Glyphh.Health.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Glyphh.Health.Tests.Checks;

public sealed class DiskSpaceHealthCheckTests
{
    private static readonly string Directory = Path.GetTempPath();

    private static long FreeBytes => new DriveInfo(Directory).AvailableFreeSpace;

    [Fact]
    public async Task Check_PlentyOfSpace_ReportsOkWithFreeAndTotal()
    {
        await using var host = await HealthTestHost.StartAsync(checks => checks.AddGlyphhDiskSpaceCheck(o =>
        {
            o.Path = Directory;
            o.DegradedBelowBytes = 1;
            o.UnhealthyBelowBytes = 0;
        }));

        var (status, body) = await host.GetJsonAsync("/health/ready");

        Assert.Equal(200, status);
        var disk = body.GetProperty("checks").GetProperty("disk");
        Assert.Equal("ok", disk.GetProperty("status").GetString());
        Assert.Matches(@"^\d+(\.\d)? [KMGTP]?i?B free of \d+(\.\d)? [KMGTP]?i?B at ", disk.GetProperty("description").GetString());
    }

    [Fact]
    public async Task Check_FreeSpaceBelowDegradedThreshold_ReportsDegraded()
    {
        var free = FreeBytes;
        await using var host = await HealthTestHost.StartAsync(checks => checks.AddGlyphhDiskSpaceCheck(o =>
        {
            o.Path = Directory;
            o.DegradedBelowBytes = free * 4;
            o.UnhealthyBelowBytes = free / 4;
        }));

        var (status, body) = await host.GetJsonAsync("/health/ready");

        Assert.Equal(200, status);
        var disk = body.GetProperty("checks").GetProperty("disk");
        Assert.Equal("degraded", disk.GetProperty("status").GetString());
        Assert.Contains("(below ", disk.GetProperty("description").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_FreeSpaceBelowUnhealthyThreshold_Reports503()
    {
        var free = FreeBytes;
        await using var host = await HealthTestHost.StartAsync(checks => checks.AddGlyphhDiskSpaceCheck(o =>
        {
            o.Path = Directory;
            o.DegradedBelowBytes = free * 8;
            o.UnhealthyBelowBytes = free * 4;
        }));

        var (status, body) = await host.GetJsonAsync("/health/ready");

        Assert.Equal(503, status);
        Assert.Equal("unhealthy", body.GetProperty("checks").GetProperty("disk").GetProperty("status").GetString());
    }

    [Fact]
    public async Task Check_MissingDirectory_ReportsUnhealthy()
    {
        var missing = Path.Combine(Path.GetTempPath(), "glyphh-missing-" + Guid.NewGuid().ToString("N"));
        await using var host = await HealthTestHost.StartAsync(checks => checks.AddGlyphhDiskSpaceCheck(o => o.Path = missing));

        var (status, body) = await host.GetJsonAsync("/health/ready");

        Assert.Equal(503, status);
        Assert.Equal($"directory {missing} does not exist", body.GetProperty("checks").GetProperty("disk").GetProperty("description").GetString());
    }
}
