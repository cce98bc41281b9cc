using System.Diagnostics;

namespace Glyphh.TestSupport;

/// <summary>A built .NET program run to completion in its own process, as a shell runs it.</summary>
public static class DotnetProcess
{
    /// <summary>Runs <c>dotnet <paramref name="dll"/> <paramref name="args"/></c> and returns its exit code and output.</summary>
    public static async Task<(int ExitCode, string Out, string Error)> RunAsync(string dll, IEnumerable<string> args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(dll);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout, await stderr);
    }
}
