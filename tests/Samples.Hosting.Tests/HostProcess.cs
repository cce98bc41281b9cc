using System.Diagnostics;
using Glyphh.TestSupport;

namespace Glyphh.Samples.Hosting.Tests;

/// <summary>A built sample host run as a child process, configured only by its environment, as an operator starts it.</summary>
internal static class HostProcess
{
    public static string Runtime => Binary("samples/Runtime/bin/Release/net10.0/Glyphh.Runtime.dll");

    public static string LicenseServer => Binary("samples/LicenseServer/bin/Release/net10.0/Glyphh.LicenseServer.dll");

    public static string LicenseTool => Binary("samples/LicenseTool/bin/Release/net10.0/glyphh-license.dll");

    /// <summary>Runs the host until it exits (at most 90 s); the result is its exit code, stdout and stderr.</summary>
    public static async Task<(int Exit, string Out, string Error)> RunAsync(string dll, IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        info.ArgumentList.Add(dll);
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }
        // Nothing inherited decides the outcome: the test's own environment names what it checks.
        foreach (var name in new[] { "DATABASE_URL", "DATABASE_PASSWORD", "DATABASE_PASSWORD_FILE", "DATABASE_USER", "PGPASSWORD", "ASPNETCORE_ENVIRONMENT", "DOTNET_ENVIRONMENT" })
        {
            info.Environment.Remove(name);
        }
        info.Environment["ASPNETCORE_URLS"] = "http://127.0.0.1:0";
        foreach (var (key, value) in environment)
        {
            info.Environment[key] = value;
        }
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            return (-1, await stdout, "did not exit within 90 s: " + await stderr);
        }
        return (process.ExitCode, await stdout, await stderr);
    }

    /// <summary>Exit 1, and stderr is exactly one line with the prefix, naming <paramref name="named"/>, without a trace.</summary>
    public static string AssertOneLineExit1((int Exit, string Out, string Error) run, string prefix, string named)
    {
        var lines = run.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.True(run.Exit == 1 && lines.Length == 1, $"exit {run.Exit}, stderr:\n{run.Error}\nstdout:\n{run.Out}");
        Assert.StartsWith(prefix, lines[0], StringComparison.Ordinal);
        Assert.Contains(named, lines[0], StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", run.Error + run.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("Unhandled exception", run.Error + run.Out, StringComparison.Ordinal);
        return lines[0];
    }

    private static string Binary(string relative)
    {
        var path = Path.Combine(RepositoryRoot.Path, relative);
        return File.Exists(path) ? path : throw new FileNotFoundException("The built host is missing; build it in Release first.", path);
    }
}
