using Glyphh.Health.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Glyphh.Health.Tests.Checks;

[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class DataDirectoryHealthCheckTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("glyphh-data-").FullName;

    [Fact]
    public async Task Check_WritableDirectory_ReportsOkAndLeavesNoProbeFile()
    {
        await using var host = await HealthTestHost.StartAsync(checks => checks.AddGlyphhDataDirectoryCheck(o => o.Path = _directory));

        var (status, body) = await host.GetJsonAsync("/health/ready");

        Assert.Equal(200, status);
        Assert.Equal("ok", body.GetProperty("checks").GetProperty("data_dir").GetProperty("status").GetString());
        Assert.Empty(Directory.EnumerateFileSystemEntries(_directory));
    }

    [Fact]
    public async Task Check_MissingDirectory_Reports503()
    {
        var missing = Path.Combine(_directory, "not-there");
        await using var host = await HealthTestHost.StartAsync(checks => checks.AddGlyphhDataDirectoryCheck(o => o.Path = missing));

        var (status, body) = await host.GetJsonAsync("/health/ready");

        Assert.Equal(503, status);
        Assert.Equal($"directory {missing} does not exist", body.GetProperty("checks").GetProperty("data_dir").GetProperty("description").GetString());
    }

    [Fact]
    public async Task Check_UnwritableDirectory_Reports503WithReason()
    {
        // Root ignores file modes, so as root use sysfs, which refuses new files to everyone.
        var unwritable = Environment.UserName == "root" ? "/sys" : _directory;
        if (unwritable == _directory)
        {
            File.SetUnixFileMode(_directory, UnixFileMode.UserRead | UnixFileMode.UserExecute);
        }
        await using var host = await HealthTestHost.StartAsync(checks => checks.AddGlyphhDataDirectoryCheck(o => o.Path = unwritable));

        var (status, body) = await host.GetJsonAsync("/health/ready");

        Assert.Equal(503, status);
        var check = body.GetProperty("checks").GetProperty("data_dir");
        Assert.Equal("unhealthy", check.GetProperty("status").GetString());
        Assert.StartsWith($"{unwritable} is not writable: ", check.GetProperty("description").GetString(), StringComparison.Ordinal);
    }

    public void Dispose()
    {
        File.SetUnixFileMode(_directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        Directory.Delete(_directory, recursive: true);
    }
}
