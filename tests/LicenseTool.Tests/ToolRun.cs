using Glyphh.TestSupport;

namespace Glyphh.LicenseTool.Tests;

/// <summary>One in-process run of the tool with captured output.</summary>
internal sealed record ToolRun(int ExitCode, string Out, string Error)
{
    public static async Task<ToolRun> RunAsync(TimeProvider? time, params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var code = await LicenseToolApp.RunAsync(args, stdout, stderr, time);
        return new ToolRun(code, stdout.ToString(), stderr.ToString());
    }

    public static Task<ToolRun> RunAsync(params string[] args) => RunAsync(null, args);

    /// <summary>The real built <c>glyphh-license</c> in its own process, as a shell runs it.</summary>
    public static async Task<ToolRun> RunBuiltAsync(params string[] args)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "glyphh-license.dll");
        Assert.True(File.Exists(dll), $"the built tool is missing at {dll}");
        var (code, stdout, stderr) = await DotnetProcess.RunAsync(dll, args);
        return new ToolRun(code, stdout, stderr);
    }

    /// <summary>Errors are exactly one line and never a stack trace.</summary>
    public void AssertOneErrorLine()
    {
        var lines = Error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Single(lines);
        Assert.DoesNotContain("   at ", Error, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", Error, StringComparison.Ordinal);
    }
}
